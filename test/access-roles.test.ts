/**
 * Who may do what, for every route the hub registers and every socket.io namespace, against a
 * real branch+hq hub with real logins and registered devices. The expected roles are written out
 * here, apart from the code: a new route, or a route whose roles change, fails this test until
 * the matrix below says who may call it. Refused callers get 401 (no valid credentials) or 403
 * (wrong role) and change nothing; allowed ones are never refused (dummy input may answer 400/404).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest, newSecret } from '../hub/auth/secrets.ts';
import type { Role } from '../hub/branch/branch-config.ts';
import { UI_PAGES } from '../kiosk-ui/pages.ts';
import { ADMIN_TOKEN, startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { distress, login, setPresence } from './helpers/dispatch-api.ts';
import { until } from './helpers/until.ts';

const ALL: Role[] = ['admin', 'hq', 'floor', 'staff', 'kiosk', 'edge'];
const PEOPLE_IN_BRANCH: Role[] = ['admin', 'floor', 'staff'];
const PUBLIC = 'public' as const;
type Expected = readonly Role[] | typeof PUBLIC;

/** The access policy. Keys are `METHOD url` as registered; HEAD routes must match their GET. */
const MATRIX: Record<string, Expected> = {
  'GET /healthz': PUBLIC,
  'GET /metrics': ['admin'],
  'GET /': PUBLIC,
  ...Object.fromEntries(UI_PAGES.flatMap((page) => [[`GET /${page}`, PUBLIC], [`GET /${page}/`, PUBLIC]])),
  'GET /kb/*': PUBLIC,
  'GET /assets/*': PUBLIC,

  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': ALL,
  'GET /api/v1/auth/me': ALL,
  'GET /api/v1/audit': ['admin'],

  'GET /api/v1/hq/branches': ['admin', 'hq'],
  'GET /api/v1/hq/ranking': ['admin', 'hq'],
  'GET /api/v1/hq/ranking.csv': ['admin', 'hq'],
  'GET /api/v1/hq/trend': ['admin', 'hq'],
  'GET /api/v1/hq/heatmap': ['admin', 'hq'],
  'GET /api/v1/hq/branches/:branchId/kpis': ['admin', 'hq'],
  'POST /api/v1/hq/uplinks': ['admin'],

  'GET /api/v1/branch': ALL,
  'GET /api/v1/state': PEOPLE_IN_BRANCH,
  'GET /api/v1/alerts': ['admin', 'floor'],
  'GET /api/v1/alerts/:id': ['admin', 'floor'],
  'POST /api/v1/alerts/:id/acknowledge': ['admin', 'floor'],
  'POST /api/v1/alerts/:id/resolve': ['admin', 'floor'],
  'GET /api/v1/rules': ['admin'],
  'PUT /api/v1/rules': ['admin'],
  'GET /api/v1/events': ['admin', 'floor', 'hq'],
  'GET /api/v1/dead-letters': ['admin'],
  'POST /api/v1/devices': ['admin'],
  'GET /api/v1/devices': ['admin'],
  'DELETE /api/v1/devices/:id': ['admin'],
  ...Object.fromEntries(['zones', 'services', 'counters', 'staff'].flatMap((resource) => [
    // People's names are not for devices or HQ; the rest of the configuration is for everyone.
    [`GET /api/v1/${resource}`, resource === 'staff' ? ['admin', 'floor'] : ALL],
    [`GET /api/v1/${resource}/:id`, resource === 'staff' ? ['admin', 'floor'] : ALL],
    [`POST /api/v1/${resource}`, ['admin']],
    [`PUT /api/v1/${resource}/:id`, ['admin']],
    [`DELETE /api/v1/${resource}/:id`, ['admin']],
  ])),
  'GET /api/v1/staff/board': ['admin', 'floor'],
  'GET /api/v1/staff/me/presence': ['floor', 'staff'],
  'PUT /api/v1/staff/me/presence': ['floor', 'staff'],
  'PUT /api/v1/staff/:id/presence': ['admin', 'floor'],
  'GET /api/v1/dispatches/mine': ['floor', 'staff'],
  'POST /api/v1/dispatches/:id/accept': ['floor', 'staff'],
  'POST /api/v1/dispatches/:id/decline': ['floor', 'staff'],
  'POST /api/v1/dispatches/:id/arrived': ['floor', 'staff'],
  'POST /api/v1/dispatches/:id/resolve': ['floor', 'staff'],
  'POST /api/v1/dispatches/:id/reassign': ['admin', 'floor'],
  'POST /api/v1/dispatches/:id/cancel': ['admin', 'floor'],
  'GET /api/v1/users': ['admin'],
  'POST /api/v1/users': ['admin'],
  'PATCH /api/v1/users/:id': ['admin'],

  'GET /api/v1/queue/services': PUBLIC,
  'POST /api/v1/queue/tickets': PUBLIC,
  'GET /api/v1/queue/tickets/by-code/:code': PUBLIC,
  'POST /api/v1/queue/tickets/by-code/:code/cancel': PUBLIC,
  'GET /api/v1/queue/board': PUBLIC,
  'GET /api/v1/queue/appointments/slots': PUBLIC,
  'POST /api/v1/queue/appointments': PUBLIC,
  'POST /api/v1/queue/appointments/:code/cancel': PUBLIC,
  'POST /api/v1/queue/appointments/:code/check-in': PUBLIC,
  'GET /api/v1/queue/counters': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/counters/:id/open': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/counters/:id/close': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/counters/:id/call-next': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/tickets/:id/recall': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/tickets/:id/start': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/tickets/:id/done': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/tickets/:id/no-show': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/tickets/:id/left': PEOPLE_IN_BRANCH,
  'POST /api/v1/queue/tickets/:id/transfer': PEOPLE_IN_BRANCH,
  'GET /api/v1/queue/tickets': PEOPLE_IN_BRANCH,
  'GET /api/v1/kiosks/:kioskId': PUBLIC,
  'GET /api/v1/privacy': PUBLIC,
  'GET /api/v1/kb/articles': PUBLIC,
  'GET /api/v1/kb/articles/:id': PUBLIC,
  'POST /api/v1/kb/articles': ['admin'],
  'PUT /api/v1/kb/articles/:id': ['admin'],
  'DELETE /api/v1/kb/articles/:id': ['admin'],
  'POST /api/v1/feedback': PUBLIC,
  'GET /api/v1/feedback': ['admin', 'floor', 'hq'],
  'GET /api/v1/experience/kpis': ['admin', 'floor', 'hq'],
  'GET /api/v1/experience/hours': ['admin', 'floor', 'hq'],
  'POST /api/v1/experience/summaries/publish': ['admin'],
};

/** Everyone who may knock: a role, or credentials that must not work. */
type Caller = { name: string; role: Role | null; token: string | null };
const callers: Caller[] = [];
const tokenOf = (name: string) => callers.find((entry) => entry.name === name)!.token!;

let hub: TestHub;
let edgeDeviceId: string;
let floorUserId: string;

/** Tables written in the background (aggregates, HQ's copy) or by the refusals themselves (audit). */
const BACKGROUND_TABLES = new Set(['AuditLog', 'Session', 'ExperienceHour', 'HqBranch', 'HqHour', 'HqDay', '_prisma_migrations']);

/** A digest of every row the hub keeps, but for the background tables. */
async function fingerprint(): Promise<string> {
  const tables = await hub.db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const hash = createHash('sha256');
  for (const { name } of tables) {
    if (BACKGROUND_TABLES.has(name)) continue;
    const rows = await hub.db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}" ORDER BY rowid`);
    hash.update(name).update(JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
  }
  return hash.digest('hex');
}

/** The route's URL with its parameters: real ones (what a refused caller would damage) or made-up ones. */
function urlFor(route: string, real: boolean): string {
  const value = (param: string, url: string): string => {
    if (!real) return param === 'code' && url.includes('appointments') ? 'ZZZZZZ' : 'no-such-thing';
    if (url.startsWith('/api/v1/zones')) return 'lobby';
    if (url.startsWith('/api/v1/services')) return 'teller';
    if (url.startsWith('/api/v1/counters') || url.startsWith('/api/v1/queue/counters')) return 'c1';
    if (url.startsWith('/api/v1/staff')) return 's-wang';
    if (url.startsWith('/api/v1/devices')) return edgeDeviceId;
    if (url.startsWith('/api/v1/users')) return floorUserId;
    if (url.startsWith('/api/v1/kb')) return 'lost-card';
    if (url.startsWith('/api/v1/kiosks')) return 'kiosk-1';
    if (url.startsWith('/api/v1/hq/branches')) return 'b001';
    if (param === 'code' && url.includes('appointments')) return 'ZZZZZZ';
    return 'no-such-thing';
  };
  const url = route.slice(route.indexOf(' ') + 1);
  return url.replace(/:(\w+)/g, (_match, param: string) => value(param, url)).replace('*', 'x.js');
}

/** Bodies that would do harm if a refused caller got through; `{}` elsewhere. */
const HARMFUL_BODIES: Record<string, unknown> = {
  'POST /api/v1/users': { username: 'intruder', displayName: 'Intruder', role: 'admin', password: 'intruder-password' },
  'PATCH /api/v1/users/:id': { role: 'admin', password: 'taken-over-password' },
  'POST /api/v1/devices': { kind: 'edge', sourceId: 'cam-intruder', name: 'Intruder camera' },
  'POST /api/v1/zones': { id: 'intruder-zone', nameEn: 'X', nameZh: 'X', kind: 'lobby' },
  'PUT /api/v1/services/:id': { nameEn: 'Hijacked', nameZh: 'X', prefix: 'H', targetWaitS: 1 },
  'PUT /api/v1/staff/:id/presence': { status: 'break' },
  'PUT /api/v1/staff/me/presence': { status: 'break' },
  'POST /api/v1/hq/uplinks': { branchId: 'b999' },
  'POST /api/v1/experience/summaries/publish': { from: '2026-01-01', to: '2026-01-02' },
  'POST /api/v1/kb/articles': { id: 'intruder', category: 'cards', titleEn: 'X', titleZh: 'X', bodyEn: 'X', bodyZh: 'X' },
};

async function send(route: string, caller: Caller, real: boolean) {
  const method = route.slice(0, route.indexOf(' '));
  const body = method === 'GET' || method === 'DELETE' ? undefined : real ? (HARMFUL_BODIES[route] ?? {}) : {};
  const response = await hub.api.inject({
    method: method as 'GET',
    url: urlFor(route, real),
    headers: caller.token ? { authorization: `Bearer ${caller.token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  return { status: response.statusCode, headers: response.headers, json: () => JSON.parse(response.body) as { message?: string } };
}

beforeAll(async () => {
  hub = await startTestHub({ TP_HQ_LIVE_MIN: '0' });
  const people: [string, Role, string, string][] = [
    ['admin', 'admin', 'admin', 'touchpoint-admin'], ['hq', 'hq', 'hq-analyst', 'touchpoint-hq'],
    ['floor', 'floor', 'floor', 'touchpoint-floor'], ['staff', 'staff', 'wang', 'touchpoint-staff'],
  ];
  for (const [name, role, username, password] of people) callers.push({ name, role, token: await login(hub, username, password) });
  callers.push({ name: 'admin token', role: 'admin', token: ADMIN_TOKEN });
  for (const [name, kind, sourceId] of [['edge', 'edge', 'cam-matrix'], ['kiosk', 'kiosk', 'kiosk-matrix']] as const) {
    const { body } = await hub.inject('POST', '/api/v1/devices', { body: { kind, sourceId, name } });
    callers.push({ name, role: kind, token: body!.mqtt.password });
    if (kind === 'edge') edgeDeviceId = body!.device.id;
  }
  callers.push({ name: 'no token', role: null, token: null });
  callers.push({ name: 'made-up token', role: null, token: newSecret() });

  const loggedOut = await login(hub, 'floor', 'touchpoint-floor');
  expect((await hub.inject('POST', '/api/v1/auth/logout', { token: loggedOut })).status).toBe(204);
  callers.push({ name: 'logged-out session', role: null, token: loggedOut });

  const users = (await hub.inject('GET', '/api/v1/users')).body!.items as { id: string; username: string }[];
  floorUserId = users.find((user) => user.username === 'floor')!.id;
  const expired = newSecret();
  const adminUser = users.find((user) => user.username === 'admin')!;
  await hub.db.session.create({ data: { tokenHash: digest(expired), userId: adminUser.id, expiresAt: new Date(Date.now() - 1000) } });
  callers.push({ name: 'expired admin session', role: null, token: expired });

  const created = await hub.inject('POST', '/api/v1/users', { body: { username: 'leaver', displayName: 'Leaver', role: 'admin', password: 'leaver-password' } });
  const leaverToken = await login(hub, 'leaver', 'leaver-password');
  expect((await hub.inject('PATCH', `/api/v1/users/${created.body!.id}`, { body: { disabled: true } })).status).toBe(200);
  callers.push({ name: 'disabled admin', role: null, token: leaverToken });

  const revoked = await hub.inject('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId: 'cam-revoked', name: 'Revoked camera' } });
  expect((await hub.inject('DELETE', `/api/v1/devices/${revoked.body!.device.id}`)).status).toBe(204);
  callers.push({ name: 'revoked device', role: null, token: revoked.body!.mqtt.password });
});
afterAll(() => hub?.close());

describe('every route has a role declaration this matrix agrees with', () => {
  it('lists exactly the registered routes, with the same roles', () => {
    const registered = hub.api.routeAccess.filter((route) => route.method !== 'HEAD');
    const declared = Object.fromEntries(registered.map((route) => [`${route.method} ${route.url}`, route.roles]));
    const unknown = Object.keys(declared).filter((key) => !(key in MATRIX));
    expect(unknown, 'routes without an expectation here: add them to MATRIX').toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !(key in declared)), 'MATRIX names routes that do not exist').toEqual([]);
    for (const [key, roles] of Object.entries(declared)) {
      const expected = MATRIX[key]!;
      expect(roles === PUBLIC ? roles : [...roles].sort(), key).toEqual(expected === PUBLIC ? expected : [...expected].sort());
    }
    for (const head of hub.api.routeAccess.filter((route) => route.method === 'HEAD')) {
      expect(head.roles, `HEAD ${head.url}`).toEqual(declared[`GET ${head.url}`]);
    }
  });
});

describe('every route × every caller', () => {
  const routes = Object.keys(MATRIX).filter((route) => !route.startsWith('POST /api/v1/auth/logout'));

  it.each(routes)('%s', async (route) => {
    const expected = MATRIX[route]!;
    const allowed = (caller: Caller) => expected === PUBLIC || (caller.role !== null && expected.includes(caller.role));
    const before = await fingerprint();
    for (const caller of callers.filter((entry) => !allowed(entry))) {
      const answer = await send(route, caller, true);
      if (caller.role === null) {
        expect(answer.status, `${caller.name}`).toBe(401);
        expect(answer.headers['www-authenticate'], `${caller.name}`).toMatch(/^Bearer/);
      } else {
        expect(answer.status, `${caller.name}`).toBe(403);
        expect(answer.json().message, `${caller.name}`).toMatch(/needs one of the roles/);
      }
    }
    expect(await fingerprint(), 'a refused call changed what the hub keeps').toBe(before);
    for (const caller of callers.filter(allowed)) {
      const answer = await send(route, caller, false);
      expect([401, 403], `${caller.name} was refused: ${answer.status}`).not.toContain(answer.status);
    }
  });

  it('POST /api/v1/auth/logout: anyone with a valid token, nobody without', async () => {
    for (const caller of callers) {
      // Each person logs out of a session of their own, not the one the other tests use.
      const token = caller.role && ['admin', 'hq', 'floor', 'staff'].includes(caller.name)
        ? await login(hub, ...({ admin: ['admin', 'touchpoint-admin'], hq: ['hq-analyst', 'touchpoint-hq'], floor: ['floor', 'touchpoint-floor'], staff: ['wang', 'touchpoint-staff'] } as Record<string, [string, string]>)[caller.name]!)
        : caller.token;
      const answer = await hub.inject('POST', '/api/v1/auth/logout', { token });
      expect(answer.status, caller.name).toBe(caller.role ? 204 : 401);
    }
  });

  it('audits a refused call with who tried what', async () => {
    await send('GET /api/v1/users', callers.find((caller) => caller.name === 'staff')!, true);
    await until('the refusal in the audit log', async () => (await hub.db.auditLog.findFirst({ where: { action: 'access.denied', actor: 'wang', target: 'GET /api/v1/users' } })) !== null);
  });

  it('refuses before reading the input: a refused caller learns nothing about it', async () => {
    const answer = await hub.inject('POST', '/api/v1/users', { token: tokenOf('staff'), body: { nonsense: true } });
    expect(answer.status).toBe(403);
    expect(answer.body!.message).not.toMatch(/username|password|invalid/);
  });
});

type AnySocket = Socket<Record<string, (...args: any[]) => void>, Record<string, never>>;
const sockets: AnySocket[] = [];

function connect(namespace: string, token: string | null, options: Record<string, unknown> = {}): AnySocket {
  const socket: AnySocket = io(`${hub.httpUrl}${namespace}`, { ...(token ? { auth: { token } } : {}), transports: ['websocket'], reconnection: false, ...options });
  sockets.push(socket);
  return socket;
}

/** 'connected', or the refusal's message. */
function outcome(socket: AnySocket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

describe('socket.io namespaces', () => {
  const NAMESPACES: Record<string, { file: string; roles: Expected }> = {
    '/floor': { file: 'hub/realtime/realtime.ts', roles: ['admin', 'floor'] },
    // Only people linked to a staff member (the demo's floor manager Li is).
    '/staff': { file: 'hub/realtime/staff-realtime.ts', roles: ['floor', 'staff'] },
    '/queue': { file: 'hub/queue/queue-realtime.ts', roles: PUBLIC },
  };
  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  it('knows every namespace the hub opens', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const files = (readdirSync(path.join(root, 'hub'), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .filter((file) => /\bio\.of\(|\.of\((STAFF|QUEUE)_NAMESPACE|\.of\('\//.test(readFileSync(path.join(root, 'hub', file), 'utf8')))
      .map((file) => `hub/${file}`)
      .sort();
    expect(files, 'a new socket.io namespace: add it to NAMESPACES with its roles').toEqual(Object.values(NAMESPACES).map((entry) => entry.file).sort());
  });

  it.each(Object.keys(NAMESPACES))('%s admits its roles and refuses everyone else', async (namespace) => {
    const { roles } = NAMESPACES[namespace]!;
    for (const caller of callers) {
      const answer = await outcome(connect(namespace, caller.token));
      if (roles === PUBLIC || (caller.role && roles.includes(caller.role) && !(namespace === '/staff' && caller.name === 'admin'))) {
        expect(answer, `${caller.name} on ${namespace}`).toBe('connected');
      } else if (caller.role === null) {
        expect(answer, `${caller.name} on ${namespace}`).toMatch(/^unauthorized/);
      } else {
        expect(answer, `${caller.name} on ${namespace}`).toMatch(/^forbidden/);
      }
    }
  });

  it('ends an open floor socket when its session is logged out, and refuses it when it comes back', async () => {
    const token = await login(hub, 'floor', 'touchpoint-floor');
    const socket = connect('/floor', token);
    expect(await outcome(socket)).toBe('connected');
    const ended = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expect((await hub.inject('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    expect(await ended).toBe('io server disconnect');
    socket.connect();
    expect(await outcome(socket)).toMatch(/^unauthorized/);
  });

  it('ends an open staff socket when the login is disabled', async () => {
    const created = await hub.inject('POST', '/api/v1/users', { body: { username: 'zhao', displayName: 'Zhao', role: 'staff', password: 'zhao-password', staffId: 's-zhao' } });
    const socket = connect('/staff', await login(hub, 'zhao', 'zhao-password'));
    expect(await outcome(socket)).toBe('connected');
    const ended = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expect((await hub.inject('PATCH', `/api/v1/users/${created.body!.id}`, { body: { disabled: true } })).status).toBe(200);
    expect(await ended).toBe('io server disconnect');
  });

  it('checks the token again when a dropped connection recovers its session', async () => {
    const token = await login(hub, 'floor', 'touchpoint-floor');
    const socket = connect('/floor', token, { reconnection: true, reconnectionDelay: 300, reconnectionDelayMax: 300 });
    expect(await outcome(socket)).toBe('connected');
    // The Wi-Fi drops; while the tablet is away its session ends (the server has no socket to end).
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.close();
    await dropped;
    await hub.db.session.deleteMany({ where: { tokenHash: digest(token) } });
    expect(await outcome(socket)).toMatch(/^unauthorized/);
    expect(socket.connected).toBe(false);
    socket.io.reconnection(false);
  });
});

describe('staff see only their own dispatches', () => {
  it('offers a dispatch to one person; another staff member cannot list, see or answer it', async () => {
    const chen = await hub.inject('POST', '/api/v1/users', { body: { username: 'chen', displayName: 'Chen', role: 'staff', password: 'chen-password', staffId: 's-chen' } });
    expect(chen.status).toBe(201);
    const tokens = { 's-wang': await login(hub, 'wang', 'touchpoint-staff'), 's-chen': await login(hub, 'chen', 'chen-password') };
    const heard: Record<string, string[]> = { 's-wang': [], 's-chen': [] };
    for (const [staffId, token] of Object.entries(tokens)) {
      const socket = connect('/staff', token);
      socket.on('dispatch', (dispatch: { id: string }) => void heard[staffId]!.push(dispatch.id));
      expect(await outcome(socket)).toBe('connected');
    }
    await setPresence(hub, 's-li', 'off-shift');
    await setPresence(hub, 's-wang', 'available', 'lobby');
    await setPresence(hub, 's-chen', 'available', 'lobby');
    await distress(hub, 'lobby', 'help-request', 'cam-matrix');

    const offered = await until('a dispatch offered to Wang or Chen', async () => {
      for (const [staffId, token] of Object.entries(tokens)) {
        const mine = (await hub.inject('GET', '/api/v1/dispatches/mine', { token })).body as unknown as { id: string; staffId: string }[];
        if (mine.length > 0) return { holder: staffId, dispatch: mine[0]! };
      }
      return undefined;
    });
    const other = offered.holder === 's-wang' ? 's-chen' : 's-wang';
    expect(offered.dispatch.staffId).toBe(offered.holder);
    await until('the holder\'s phone heard of it', () => heard[offered.holder]!.includes(offered.dispatch.id));

    const otherToken = tokens[other as keyof typeof tokens];
    expect((await hub.inject('GET', '/api/v1/dispatches/mine', { token: otherToken })).body).toEqual([]);
    expect(heard[other]).toEqual([]);
    for (const step of ['accept', 'decline', 'arrived']) {
      const answer = await hub.inject('POST', `/api/v1/dispatches/${offered.dispatch.id}/${step}`, { token: otherToken });
      expect(answer, step).toMatchObject({ status: 403, body: { message: 'this dispatch is not offered to you or held by you' } });
    }
    const resolve = await hub.inject('POST', `/api/v1/dispatches/${offered.dispatch.id}/resolve`, { token: otherToken, body: { outcome: 'not mine' } });
    expect(resolve.status).toBe(403);
    // The whole board and the alert behind it are the floor's, not a staff member's.
    expect((await hub.inject('GET', '/api/v1/staff/board', { token: otherToken })).status).toBe(403);
    expect((await hub.inject('GET', '/api/v1/alerts', { token: otherToken })).status).toBe(403);
  });
});
