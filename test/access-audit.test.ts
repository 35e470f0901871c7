/**
 * The audit log (GET /api/v1/audit, admins only): logins, logouts, exports, configuration
 * changes and dispatch overrides each land in it with who did it, and admins page through it
 * with filters like /events; nobody else may read it, and reading it is itself audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { distress, login, setPresence } from './helpers/dispatch-api.ts';
import { until } from './helpers/until.ts';

let hub: TestHub;
const tokens: Record<'admin' | 'floor' | 'staff' | 'hq', string> = {} as never;
let edgeToken: string;

interface AuditEntry { id: number; at: string; actor: string; action: string; target: string | null; detail: unknown }

async function audit(query: string, token = tokens.admin): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const answer = await hub.inject('GET', `/api/v1/audit${query}`, { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { items: AuditEntry[]; nextCursor: string | null };
}

async function ok(method: string, url: string, token: string, body?: unknown): Promise<Record<string, any>> {
  const answer = await hub.inject(method, url, { token, body });
  expect(answer.status, `${method} ${url}: ${answer.text}`).toBeLessThan(300);
  return answer.body ?? {};
}

beforeAll(async () => {
  hub = await startTestHub();
  tokens.admin = await login(hub, 'admin', 'touchpoint-admin');
  tokens.floor = await login(hub, 'floor', 'touchpoint-floor');
  tokens.staff = await login(hub, 'wang', 'touchpoint-staff');
  tokens.hq = await login(hub, 'hq-analyst', 'touchpoint-hq');
  edgeToken = (await ok('POST', '/api/v1/devices', ADMIN_TOKEN, { kind: 'edge', sourceId: 'cam-audit', name: 'Audit camera' })).mqtt.password;
});
afterAll(() => hub?.close());

describe('what is audited', () => {
  /** Each: what a person does, then the entry it must leave (action, actor, target). */
  const cases: [string, () => Promise<unknown>, { action: string; actor: string; target?: string | null; detail?: unknown }][] = [
    ['a login', () => login(hub, 'floor', 'touchpoint-floor'), { action: 'login', actor: 'floor' }],
    ['a failed login', () => hub.inject('POST', '/api/v1/auth/login', { token: null, body: { username: 'admin', password: 'wrong' } }), { action: 'login.failed', actor: 'admin' }],
    ['a logout', async () => ok('POST', '/api/v1/auth/logout', await login(hub, 'wang', 'touchpoint-staff')), { action: 'logout', actor: 'wang' }],
    ['the HQ ranking exported as CSV', () => ok('GET', '/api/v1/hq/ranking.csv?from=2026-11-01&to=2026-11-30', tokens.hq), { action: 'hq.export', actor: 'hq-analyst', target: 'ranking.csv' }],
    ['summaries sent to HQ again', () => ok('POST', '/api/v1/experience/summaries/publish', tokens.admin, { from: '2026-11-01', to: '2026-11-02' }), { action: 'experience.publish', actor: 'admin' }],
    ['a zone added', () => ok('POST', '/api/v1/zones', tokens.admin, { id: 'side-door', nameEn: 'Side door', nameZh: '侧门', kind: 'entrance' }), { action: 'zone.create', actor: 'admin', target: 'side-door' }],
    ['a zone changed', () => ok('PUT', '/api/v1/zones/side-door', tokens.admin, { nameEn: 'Side entrance', nameZh: '侧门', kind: 'entrance' }), { action: 'zone.update', actor: 'admin', target: 'side-door' }],
    ['a zone removed', () => ok('DELETE', '/api/v1/zones/side-door', tokens.admin), { action: 'zone.delete', actor: 'admin', target: 'side-door' }],
    ['a service changed', () => ok('PUT', '/api/v1/services/fx', tokens.admin, { nameEn: 'Foreign exchange', nameZh: '外汇', ticketPrefix: 'F', targetWaitS: 600 }), { action: 'service.update', actor: 'admin', target: 'fx' }],
    ['a counter added', () => ok('POST', '/api/v1/counters', tokens.admin, { id: 'c9', nameEn: 'Counter 9', nameZh: '9号窗口', serviceIds: ['teller'] }), { action: 'counter.create', actor: 'admin', target: 'c9' }],
    ['a staff member added', () => ok('POST', '/api/v1/staff', tokens.admin, { id: 's-sun', displayName: 'Sun Li' }), { action: 'staff.create', actor: 'admin', target: 's-sun' }],
    ['a login created', () => ok('POST', '/api/v1/users', tokens.admin, { username: 'sun', displayName: 'Sun Li', role: 'staff', password: 'sun-password', staffId: 's-sun' }), { action: 'user.create', actor: 'admin', target: 'sun' }],
    ['a login disabled', async () => {
      const users = (await ok('GET', '/api/v1/users', tokens.admin)).items as { id: string; username: string }[];
      return ok('PATCH', `/api/v1/users/${users.find((user) => user.username === 'sun')!.id}`, tokens.admin, { disabled: true });
    }, { action: 'user.update', actor: 'admin', target: 'sun' }],
    ['the rules replaced', async () => {
      const rules = await ok('GET', '/api/v1/rules', tokens.admin);
      return ok('PUT', '/api/v1/rules', tokens.admin, { ...rules, dispatch: { ...rules.dispatch, offerTimeoutS: 90 } });
    }, { action: 'rules.update', actor: 'admin', detail: { changed: ['dispatch'], before: { dispatch: { offerTimeoutS: 60 } }, after: { dispatch: { offerTimeoutS: 90 } } } }],
    ['a self-help article added', async () => {
      const { updatedAt: _updatedAt, ...article } = await ok('GET', '/api/v1/kb/articles/lost-card', tokens.admin);
      return ok('POST', '/api/v1/kb/articles', tokens.admin, { ...article, id: 'lost-card-copy' });
    }, { action: 'kb.create', actor: 'admin', target: 'lost-card-copy' }],
    ['a self-help article removed', () => ok('DELETE', '/api/v1/kb/articles/lost-card-copy', tokens.admin), { action: 'kb.delete', actor: 'admin', target: 'lost-card-copy' }],
    ['a device registered', () => ok('POST', '/api/v1/devices', tokens.admin, { kind: 'kiosk', sourceId: 'kiosk-audit', name: 'Audit kiosk' }), { action: 'device.register', actor: 'admin', target: 'b001.kiosk.kiosk-audit' }],
    ['a device revoked', async () => {
      const devices = (await ok('GET', '/api/v1/devices', tokens.admin)).items as { id: string; sourceId: string }[];
      return ok('DELETE', `/api/v1/devices/${devices.find((device) => device.sourceId === 'kiosk-audit')!.id}`, tokens.admin);
    }, { action: 'device.revoke', actor: 'admin' }],
    ['an HQ uplink issued', () => ok('POST', '/api/v1/hq/uplinks', tokens.admin, { branchId: 'b042' }), { action: 'hq.uplink.issue', actor: 'admin', target: 'hq-uplink.b042' }],
    ['someone\'s presence set by the floor', () => ok('PUT', '/api/v1/staff/s-zhao/presence', tokens.floor, { status: 'break' }), { action: 'staff.presence', actor: 'floor', target: 's-zhao' }],
    ['a call refused for its role', () => hub.inject('GET', '/api/v1/devices', { token: tokens.staff }), { action: 'access.denied', actor: 'wang', target: 'GET /api/v1/devices' }],
  ];

  it.each(cases)('%s', async (_what, act, expected) => {
    await act();
    const { items } = await audit(`?action=${encodeURIComponent(expected.action)}&actor=${encodeURIComponent(expected.actor)}&limit=1`);
    expect(items[0], `no ${expected.action} by ${expected.actor}`).toMatchObject({ ...expected, at: expect.any(String) });
    expect(Date.now() - Date.parse(items[0]!.at)).toBeLessThan(10_000);
  });

  it('throttled logins', async () => {
    for (let i = 0; i < 6; i++) await hub.api.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.1.1.1', payload: { username: 'hq-analyst', password: `guess-${i}` } });
    const { items } = await audit('?action=login.throttled&actor=hq-analyst');
    expect(items).toEqual([expect.objectContaining({ detail: { address: '10.1.1.1', scope: 'user-address', retryAfterS: 30 } })]);
  });

  it('dispatch overrides and the floor\'s acknowledge and resolve', async () => {
    await setPresence(hub, 's-wang', 'available', 'lobby');
    await distress(hub, 'lobby', 'help-request', 'cam-audit');
    const [dispatch] = await until('a dispatch for Wang', async () => {
      const mine = (await hub.inject('GET', '/api/v1/dispatches/mine', { token: tokens.staff })).body as unknown as { id: string; alert: { id: string } }[];
      return mine.length > 0 ? mine : undefined;
    });
    await ok('POST', `/api/v1/dispatches/${dispatch!.id}/reassign`, tokens.floor, { staffId: 's-chen' });
    await ok('POST', `/api/v1/dispatches/${dispatch!.id}/cancel`, tokens.floor);
    await ok('POST', `/api/v1/alerts/${dispatch!.alert.id}/acknowledge`, tokens.floor);
    await ok('POST', `/api/v1/alerts/${dispatch!.alert.id}/resolve`, tokens.floor, { outcome: 'helped at the door' });
    const { items } = await audit('?actor=floor&action=*&limit=4');
    expect(items.map((item) => [item.action, item.target])).toEqual([
      ['alert.resolve', dispatch!.alert.id], ['alert.acknowledge', dispatch!.alert.id], ['dispatch.cancel', dispatch!.id], ['dispatch.reassign', dispatch!.id],
    ]);
    expect(items[3]!.detail).toEqual({ staffId: 's-chen' });
  });
});

describe('reading the audit log', () => {
  it('is for admins (the admin token too) and nobody else', async () => {
    expect((await hub.inject('GET', '/api/v1/audit', { token: ADMIN_TOKEN })).status).toBe(200);
    for (const token of [tokens.floor, tokens.staff, tokens.hq, edgeToken]) {
      expect(await hub.inject('GET', '/api/v1/audit', { token })).toMatchObject({ status: 403, body: { message: 'this needs one of the roles: admin' } });
    }
    expect((await hub.inject('GET', '/api/v1/audit', { token: null })).status).toBe(401);
  });

  it('pages newest first without gaps or repeats, with the filters of /events', async () => {
    const all = (await audit('?limit=500')).items;
    expect(all.length).toBeGreaterThan(30);
    expect(all.map((item) => item.id)).toEqual([...all.map((item) => item.id)].sort((a, b) => b - a));
    const pages: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditEntry[]; nextCursor: string | null } = await audit(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // Reading is audited, so newer rows appeared meanwhile (on the first page); the rest is the same.
    const ids = pages.map((item) => item.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => b - a));
    expect(ids.filter((id) => id <= all[0]!.id)).toEqual(all.map((item) => item.id));

    const logins = (await audit('?action=login*&limit=500')).items;
    expect(new Set(logins.map((item) => item.action))).toEqual(new Set(['login', 'login.failed', 'login.throttled']));
    expect((await audit('?actor=hq-analyst&limit=500')).items.every((item) => item.actor === 'hq-analyst')).toBe(true);
    const middle = all[Math.floor(all.length / 2)]!;
    const later = (await audit(`?from=${encodeURIComponent(middle.at)}&limit=500`)).items;
    expect(later.every((item) => item.at >= middle.at)).toBe(true);
    expect((await audit(`?to=${encodeURIComponent(middle.at)}&limit=500`)).items.every((item) => item.at < middle.at)).toBe(true);
  });

  it('records who read it', async () => {
    await audit('?action=zone.create');
    // The newest is the read above (a read is recorded after it has read).
    const { items } = await audit('?action=audit.read&limit=1');
    expect(items[0]).toMatchObject({ actor: 'admin', detail: { action: 'zone.create', limit: 100 } });
  });

  it('refuses a cursor it did not give and an unknown parameter, saying why', async () => {
    expect(await hub.inject('GET', '/api/v1/audit?cursor=abc')).toMatchObject({ status: 400, body: { message: 'cursor is not one this API returned' } });
    expect(await hub.inject('GET', '/api/v1/audit?user=admin')).toMatchObject({ status: 400, body: { message: expect.stringContaining('user') } });
  });
});
