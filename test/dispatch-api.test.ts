/**
 * Dispatch through the HTTP API of a real hub: a help request in the branch reaches the nearest
 * free person, who takes it, arrives and resolves it (which resolves the alert); the floor
 * reassigns and cancels; only the right people may act; a restart resumes a running offer.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { DEMO_LOGINS, distress, login, setPresence } from './helpers/dispatch-api.ts';
import { until } from './helpers/until.ts';

const hubs: TestHub[] = [];
const leftDirs: string[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
  for (const dir of leftDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function hubWithPeople(options: { now?: () => number } = {}, env: Record<string, string> = {}) {
  const hub = await startTestHub(env, options);
  hubs.push(hub);
  const wang = await login(hub, ...DEMO_LOGINS['s-wang']);
  const li = await login(hub, ...DEMO_LOGINS['s-li']);
  return { hub, wang, li };
}

/** The dispatches offered to or held by the owner of `token`, once there are `count`. */
const mine = (hub: TestHub, token: string, count = 1) =>
  until(`${count} dispatch(es)`, async () => {
    const answer = await hub.inject('GET', '/api/v1/dispatches/mine', { token });
    return answer.body && Array.isArray(answer.body) && answer.body.length >= count ? (answer.body as Record<string, any>[]) : null;
  });

describe('dispatch API', () => {
  it('sends the free person to a help request; accept, arrive and resolve close the alert', async () => {
    const { hub, wang, li } = await hubWithPeople();
    expect((await hub.inject('PUT', '/api/v1/staff/me/presence', { token: wang, body: { status: 'available', zoneId: 'teller-line' } })).body)
      .toMatchObject({ staffId: 's-wang', status: 'available', zoneId: 'teller-line', displayName: 'Wang Wei' });
    expect((await hub.inject('PUT', '/api/v1/staff/me/presence', { token: wang, body: { status: 'available', zoneId: 'moon' } })).status).toBe(400);

    await distress(hub, 'teller-line', 'help-request');
    const [offer] = await mine(hub, wang);
    expect(offer).toMatchObject({ status: 'offered', staffId: 's-wang', alert: { kind: 'help-request', zoneId: 'teller-line', needsPerson: true } });
    expect(offer!.alert.reason.zh.length).toBeGreaterThan(0);

    // Li (the floor manager) may not answer for Wang.
    expect((await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/accept`, { token: li })).status).toBe(403);
    expect((await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/accept`, { token: wang })).body).toMatchObject({ status: 'accepted' });
    const board = await hub.inject('GET', '/api/v1/staff/board', { token: li });
    expect(board.body!.find((entry: { staffId: string }) => entry.staffId === 's-wang')).toMatchObject({ status: 'busy', dispatch: { id: offer!.id, status: 'accepted' } });

    expect((await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/arrived`, { token: wang })).body).toMatchObject({ status: 'arrived' });
    expect((await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/resolve`, { token: wang, body: {} })).status).toBe(400);
    const done = await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/resolve`, { token: wang, body: { outcome: 'Helped with the deposit form' } });
    expect(done.body).toMatchObject({ status: 'resolved', outcome: 'Helped with the deposit form' });
    expect(done.body!.resolvedAt >= done.body!.arrivedAt && done.body!.arrivedAt >= done.body!.acceptedAt).toBe(true);

    const alert = await hub.db.alert.findUniqueOrThrow({ where: { id: offer!.alertId } });
    expect(alert).toMatchObject({ status: 'resolved', resolvedBy: 'staff', outcome: 'Helped with the deposit form' });
    const steps = await hub.db.alertStep.findMany({ where: { alertId: alert.id }, orderBy: { id: 'asc' } });
    expect(steps.map((step) => step.kind)).toEqual(['opened', 'offered', 'accepted', 'arrived', 'dispatch-resolved', 'resolved']);
    expect((await hub.inject('GET', '/api/v1/dispatches/mine', { token: wang })).body).toEqual([]);
  });

  it('lets the floor reassign and cancel, and nobody else', async () => {
    const { hub, wang, li } = await hubWithPeople();
    await setPresence(hub, 's-wang', 'available', 'lobby');
    await distress(hub, 'lobby', 'kiosk-friction');
    const [offer] = await mine(hub, wang);

    expect((await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/cancel`, { token: wang })).status).toBe(403);
    const moved = await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/reassign`, { token: li, body: { staffId: 's-li' } });
    expect(moved.body).toMatchObject({ status: 'offered', staffId: 's-li' });
    expect((await hub.inject('GET', '/api/v1/dispatches/mine', { token: wang })).body).toEqual([]);
    expect((await mine(hub, li)).map((d) => d.id)).toEqual([offer!.id]);

    expect((await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/cancel`, { token: li })).body).toMatchObject({ status: 'cancelled' });
    expect((await hub.inject('POST', `/api/v1/dispatches/${offer!.id}/cancel`, { token: li })).status).toBe(409);
    expect((await hub.inject('POST', '/api/v1/dispatches/nope/cancel', { token: li })).status).toBe(404);
  });

  it('refuses presence for a login without a staff member', async () => {
    const { hub } = await hubWithPeople();
    await hub.inject('POST', '/api/v1/users', { body: { username: 'temp', displayName: 'Temp', role: 'staff', password: 'temp-password' } });
    const token = await login(hub, 'temp', 'temp-password');
    const answer = await hub.inject('PUT', '/api/v1/staff/me/presence', { token, body: { status: 'available' } });
    expect(answer.status).toBe(403);
    expect(answer.body!.message).toMatch(/not linked to a staff member/);
    expect((await hub.inject('GET', '/api/v1/staff/me/presence', { token })).status).toBe(403);
  });

  it('reads back a person\'s own presence, whoever set it', async () => {
    const { hub, wang, li } = await hubWithPeople();
    expect((await hub.inject('GET', '/api/v1/staff/me/presence', { token: wang })).body)
      .toMatchObject({ staffId: 's-wang', displayName: 'Wang Wei', status: 'off-shift', zoneId: null, updatedAt: null, dispatch: null });
    await setPresence(hub, 's-wang', 'break', 'lobby');
    expect((await hub.inject('GET', '/api/v1/staff/me/presence', { token: wang })).body).toMatchObject({ staffId: 's-wang', status: 'break', zoneId: 'lobby' });
    expect((await hub.inject('GET', '/api/v1/staff/me/presence', { token: li })).body).toMatchObject({ staffId: 's-li', status: 'off-shift' });
    expect((await hub.inject('GET', '/api/v1/staff/me/presence')).status).toBe(403);
  });

  it('escalates to the floor when the last person lets the offer run out: the alert goes high', async () => {
    const clock = { t: Date.now() };
    const { hub, wang } = await hubWithPeople({ now: () => clock.t });
    await setPresence(hub, 's-wang', 'available', 'kiosk-area');
    await distress(hub, 'kiosk-area', 'help-request');
    const [offer] = await mine(hub, wang);
    clock.t += 61_000;
    await hub.dispatch.expireDue();
    const detail = await until('the escalated alert', async () => {
      const answer = await hub.inject('GET', `/api/v1/alerts/${offer!.alertId}`);
      return answer.body?.severity === 'high' ? answer.body : null;
    });
    expect(detail.dispatch).toMatchObject({ id: offer!.id, status: 'escalated', staffId: null });
    expect(detail.steps.map((step: { kind: string }) => step.kind)).toEqual(['opened', 'offered', 'timeout', 'escalated', 'severity']);
  });

  it('resumes after a hub restart: an offer that ran out meanwhile goes to the next person at start', async () => {
    const clock = { t: Date.now() };
    const now = () => clock.t;
    const { hub, wang } = await hubWithPeople({ now });
    await setPresence(hub, 's-wang', 'available', 'teller-line');
    await setPresence(hub, 's-chen', 'available', 'counters');
    await distress(hub, 'teller-line', 'help-request');
    const [offer] = await mine(hub, wang);
    hubs.splice(hubs.indexOf(hub), 1);
    await hub.stop();
    leftDirs.push(hub.dataDir);

    clock.t += 5 * 60_000;
    const restarted = await startTestHub({ DATA_DIR: hub.dataDir }, { now });
    hubs.push(restarted);
    const board = await restarted.inject('GET', '/api/v1/staff/board');
    expect(board.body!.find((entry: { staffId: string }) => entry.staffId === 's-chen')).toMatchObject({ status: 'available', dispatch: { id: offer!.id, status: 'offered' } });
    const steps = await restarted.db.alertStep.findMany({ where: { alertId: offer!.alertId }, orderBy: { id: 'asc' } });
    expect(steps.map((step) => [step.kind, step.staffId])).toEqual([['opened', null], ['offered', 's-wang'], ['timeout', 's-wang'], ['offered', 's-chen']]);
  });

  it('gives people as long to accept as the branch rules say', async () => {
    const { hub, wang } = await hubWithPeople();
    const rules = (await hub.inject('GET', '/api/v1/rules')).body!;
    expect(rules.dispatch).toEqual({ offerTimeoutS: 60 });
    expect((await hub.inject('PUT', '/api/v1/rules', { body: { ...rules, dispatch: { offerTimeoutS: 5 } } })).status).toBe(400);
    expect((await hub.inject('PUT', '/api/v1/rules', { body: { ...rules, dispatch: { offerTimeoutS: 20 } } })).status).toBe(200);
    await setPresence(hub, 's-wang', 'available', 'lobby');
    await distress(hub, 'lobby', 'help-request');
    const [offer] = await mine(hub, wang);
    const row = await hub.db.dispatchOffer.findFirstOrThrow({ where: { dispatchId: offer!.id } });
    expect(row.expiresAt.getTime() - row.offeredAt.getTime()).toBe(20_000);
  });
});
