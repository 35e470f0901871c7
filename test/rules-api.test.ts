/** The administrator reads and changes the alert rules; the floor manager works the alerts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../hub/rules/rule-set.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';

let hub: TestHub;
let floorToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  floorToken = (await hub.inject('POST', '/api/v1/auth/login', { token: null, body: { username: 'floor', password: 'touchpoint-floor' } })).body!.token;
});
afterAll(() => hub?.close());

describe('GET/PUT /api/v1/rules', () => {
  it('answers the defaults until an administrator saves rules, and then the saved rules', async () => {
    expect((await hub.inject('GET', '/api/v1/rules')).body).toEqual(DEFAULT_RULES);
    const changed = { ...DEFAULT_RULES, queueLength: { ...DEFAULT_RULES.queueLength, openAtPeople: 12, closeBelowPeople: 10 }, zones: { 'teller-line': { queueLength: { openAtPeople: 6, closeBelowPeople: 5 } } } };
    const saved = await hub.inject('PUT', '/api/v1/rules', { body: changed });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(changed);
    expect((await hub.inject('GET', '/api/v1/rules')).body).toEqual(changed);
    expect(JSON.parse((await hub.db.ruleSet.findUniqueOrThrow({ where: { branchId: 'b001' } })).rules)).toEqual(changed);
  });

  it('answers 400 naming the path of every problem', async () => {
    const tooFew = await hub.inject('PUT', '/api/v1/rules', { body: { ...DEFAULT_RULES, queueLength: { ...DEFAULT_RULES.queueLength, openAtPeople: 0 } } });
    expect(tooFew.status).toBe(400);
    expect(tooFew.body!.message).toContain('queueLength.openAtPeople');

    const inverted = await hub.inject('PUT', '/api/v1/rules', { body: { ...DEFAULT_RULES, zones: { lobby: { queueLength: { closeBelowPeople: 20 } } } } });
    expect(inverted.status).toBe(400);
    expect(inverted.body!.message).toContain('zones.lobby.queueLength.closeBelowPeople');

    const badKind = await hub.inject('PUT', '/api/v1/rules', { body: { ...DEFAULT_RULES, distress: { ...DEFAULT_RULES.distress, fall: { ...DEFAULT_RULES.distress.fall, minSeverity: 'urgent' } } } });
    expect(badKind.status).toBe(400);
    expect(badKind.body!.message).toContain('distress.fall.minSeverity');

    const unknownZone = await hub.inject('PUT', '/api/v1/rules', { body: { ...DEFAULT_RULES, zones: { 'roof-garden': {} } } });
    expect(unknownZone).toMatchObject({ status: 400, body: { message: 'invalid body: zones.roof-garden: no such zone' } });
  });

  it('is for administrators only', async () => {
    expect((await hub.inject('GET', '/api/v1/rules', { token: floorToken })).status).toBe(403);
    expect((await hub.inject('PUT', '/api/v1/rules', { token: floorToken, body: DEFAULT_RULES })).status).toBe(403);
  });
});

describe('/api/v1/alerts', () => {
  it('lists alerts by status and lets the floor manager resolve one with an outcome', async () => {
    await hub.rules.waitBreach.apply('fx', { severity: 'medium', zoneId: null, service: { nameEn: 'Foreign exchange', nameZh: '外汇业务' }, predictedS: 1500, targetS: 900, closedCounter: undefined });
    const open = (await hub.inject('GET', '/api/v1/alerts?status=open', { token: floorToken })).body as unknown as { id: string }[];
    expect(open).toEqual([expect.objectContaining({ kind: 'wait-breach', sourceId: 'fx', suggestion: null })]);
    const id = open[0]!.id;

    expect((await hub.inject('POST', `/api/v1/alerts/${id}/acknowledge`, { token: floorToken })).body).toMatchObject({ status: 'acknowledged' });
    const resolved = await hub.inject('POST', `/api/v1/alerts/${id}/resolve`, { token: floorToken, body: { outcome: 'opened counter 4 for fx' } });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'manager', outcome: 'opened counter 4 for fx' });
    const again = await hub.inject('POST', `/api/v1/alerts/${id}/resolve`, { token: floorToken });
    expect(again.status, again.text).toBe(404);

    const detail = await hub.inject('GET', `/api/v1/alerts/${id}`, { token: floorToken });
    expect(detail.body!.steps.map((step: { kind: string }) => step.kind)).toEqual(['opened', 'acknowledged', 'resolved']);
    expect(detail.body!.dispatch).toBeNull();
    expect((await hub.inject('GET', '/api/v1/alerts?status=resolved')).body).toEqual([expect.objectContaining({ id })]);
    expect((await hub.inject('GET', '/api/v1/alerts/no-such-alert')).status).toBe(404);
    expect((await hub.inject('GET', '/api/v1/alerts?status=closed')).status).toBe(400);
  });
});
