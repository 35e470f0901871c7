/** For dispatch tests against a real hub: log people in, set presence, raise a distress sign. */
import { createEvent } from '../../protocol/envelope.ts';
import type { DistressKind } from '../../hub/rules/rule-set.ts';
import { buildTopic } from '../../protocol/topics.ts';
import type { TestHub } from './in-process-hub.ts';

/** The demo branch's logins linked to staff members. */
export const DEMO_LOGINS = { 's-li': ['floor', 'touchpoint-floor'], 's-wang': ['wang', 'touchpoint-staff'] } as const;

export async function login(hub: TestHub, username: string, password: string): Promise<string> {
  const answer = await hub.inject('POST', '/api/v1/auth/login', { token: null, body: { username, password } });
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${answer.text}`);
  return String(answer.body!.token);
}

export async function setPresence(hub: TestHub, staffId: string, status: string, zoneId?: string | null): Promise<void> {
  const answer = await hub.inject('PUT', `/api/v1/staff/${staffId}/presence`, { body: { status, ...(zoneId !== undefined ? { zoneId } : {}) } });
  if (answer.status !== 200) throw new Error(`presence of ${staffId}: ${answer.status} ${answer.text}`);
}

/** A camera's distress sign, through ingest as if it came over MQTT. */
export async function distress(hub: TestHub, zoneId: string, kind: DistressKind, sourceId = 'cam-lobby-1'): Promise<void> {
  const event = createEvent('tp.distress.detected', { branchId: hub.branchId, sourceKind: 'edge', sourceId }, { zoneId, kind, severity: 'medium', confidence: 0.9, durationS: 0 });
  const topic = buildTopic({ branchId: hub.branchId, sourceKind: 'edge', sourceId, eventKind: 'distress' });
  await hub.ingest.submit({ topic, payload: Buffer.from(JSON.stringify(event)) });
}
