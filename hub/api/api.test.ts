import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub } from '../../test/helpers/in-process-hub.ts';
import { createEvent } from '../../protocol/envelope.ts';

let hub: TestHub;
const tokens: Record<string, string> = {};

const call = (method: string, url: string, options?: { token?: string | null; body?: unknown }) => hub.inject(method, url, options);

beforeAll(async () => {
  hub = await startTestHub();
  for (const [role, username, password] of [['floor', 'floor', 'touchpoint-floor'], ['staff', 'wang', 'touchpoint-staff'], ['hq', 'hq-analyst', 'touchpoint-hq']]) {
    const { body } = await call('POST', '/api/v1/auth/login', { token: null, body: { username, password } });
    tokens[role!] = body!.token;
  }
});
afterAll(() => hub.close());

describe('auth', () => {
  it('answers /healthz without credentials', async () => {
    expect(await call('GET', '/healthz', { token: null })).toMatchObject({ status: 200, body: { status: 'ok', branchId: 'b001' } });
  });

  it('logs people in with their role and refuses a wrong password', async () => {
    expect(await call('GET', '/api/v1/auth/me', { token: tokens.floor })).toMatchObject({ status: 200, body: { role: 'floor', name: 'floor' } });
    expect(await call('POST', '/api/v1/auth/login', { token: null, body: { username: 'floor', password: 'guess' } })).toMatchObject({ status: 401 });
    const audit = await hub.db.auditLog.findMany({ where: { actor: 'floor' } });
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['login', 'login.failed']));
  });

  it('ends a session at logout', async () => {
    const { body } = await call('POST', '/api/v1/auth/login', { token: null, body: { username: 'admin', password: 'touchpoint-admin' } });
    expect((await call('POST', '/api/v1/auth/logout', { token: body!.token })).status).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', { token: body!.token })).status).toBe(401);
  });

  it.each([
    ['GET', '/api/v1/state', ['admin', 'floor', 'staff'], ['hq']],
    ['GET', '/api/v1/events', ['admin', 'floor', 'hq'], ['staff']],
    ['GET', '/api/v1/dead-letters', ['admin'], ['floor', 'staff', 'hq']],
    ['GET', '/api/v1/devices', ['admin'], ['floor', 'staff', 'hq']],
    ['GET', '/metrics', ['admin'], ['floor', 'staff', 'hq']],
    ['GET', '/api/v1/zones', ['admin', 'floor', 'staff', 'hq'], []],
  ])('%s %s: 401 anonymous, allowed for %j, 403 for %j', async (method, url, allowed, denied) => {
    expect((await call(method, url, { token: null })).status).toBe(401);
    expect((await call(method, url, { token: 'not-a-token' })).status).toBe(401);
    for (const role of allowed) expect((await call(method, url, { token: role === 'admin' ? ADMIN_TOKEN : tokens[role] })).status).toBe(200);
    for (const role of denied) expect(await call(method, url, { token: tokens[role] })).toMatchObject({ status: 403, body: { message: expect.stringContaining('roles') } });
  });
});

describe('branch', () => {
  it('describes the branch and its zones', async () => {
    const { body } = await call('GET', '/api/v1/branch', { token: tokens.staff });
    expect(body).toMatchObject({ id: 'b001', timezone: 'Asia/Shanghai' });
    expect(body!.zones.map((zone: { id: string }) => zone.id)).toContain('teller-line');
  });

  it('shows the live state of customer zones only (staff zones are masked)', async () => {
    const { body } = await call('GET', '/api/v1/state');
    const zoneIds = body!.zones.map((zone: { zoneId: string }) => zone.zoneId);
    expect(zoneIds).toContain('teller-line');
    expect(zoneIds).not.toContain('back-office');
    expect(body).toMatchObject({ nodes: [], alerts: [] });
  });

  it('shows how many people a camera could and could not read faces of, where expressions are on', async () => {
    const cameras = [{ cameraId: 'cam-lobby', state: 'ok' as const, fps: 5, restarts: 0, expressions: { assessed: 3, notAssessable: 5 } }];
    const status = createEvent('tp.edge.status', { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-faces' }, { online: true, cameras });
    expect(await hub.ingest.submit({ topic: 'tp/v1/b001/edge/cam-faces/status', payload: Buffer.from(JSON.stringify(status)) })).toBe('stored');
    await hub.ingest.drain();
    const { body } = await call('GET', '/api/v1/state');
    expect(body!.nodes.find((node: { sourceId: string }) => node.sourceId === 'cam-faces').cameras).toEqual(cameras);
  });
});

describe('devices', () => {
  it('registers a device, shows its password once, and refuses a second registration', async () => {
    const created = await call('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId: 'cam-door', name: 'Door camera' } });
    expect(created).toMatchObject({ status: 201, body: { mqtt: { username: 'b001.edge.cam-door', topicPrefix: 'tp/v1/b001/edge/cam-door/' } } });
    expect(created.body!.mqtt.password).toMatch(/^[\w-]{40,}$/);
    const listed = await call('GET', '/api/v1/devices');
    expect(JSON.stringify(listed.body)).not.toContain(created.body!.mqtt.password);
    expect(await call('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId: 'cam-door', name: 'Again' } })).toMatchObject({ status: 409 });
    expect(await call('GET', '/api/v1/auth/me', { token: created.body!.mqtt.password })).toMatchObject({ status: 200, body: { kind: 'device', role: 'edge' } });
  });

  it('revokes a device so its credentials stop working', async () => {
    const created = await call('POST', '/api/v1/devices', { body: { kind: 'kiosk', sourceId: 'kiosk-9', name: 'Kiosk 9' } });
    expect((await call('DELETE', `/api/v1/devices/${created.body!.device.id}`)).status).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', { token: created.body!.mqtt.password })).status).toBe(401);
    expect((await call('DELETE', `/api/v1/devices/${created.body!.device.id}`)).status).toBe(404);
  });

  it.each([
    [{ kind: 'camera', sourceId: 'x1', name: 'n' }, 'kind'],
    [{ kind: 'edge', sourceId: 'Cam/1', name: 'n' }, 'sourceId'],
    [{ kind: 'edge', sourceId: 'cam-2', name: 'n', extra: 1 }, 'extra'],
  ])('refuses %j with a 400 naming the field', async (body, field) => {
    const response = await call('POST', '/api/v1/devices', { body });
    expect(response.status).toBe(400);
    expect(response.body!.message).toContain(field);
  });
});

describe('configuration CRUD', () => {
  const zone = { id: 'atm-lobby', nameEn: 'ATM lobby', nameZh: '自助银行', kind: 'lobby' };

  it('creates, reads, replaces and deletes a zone, and ingest learns about it', async () => {
    expect(await call('POST', '/api/v1/zones', { body: zone })).toMatchObject({ status: 201, body: zone });
    expect(await call('GET', '/api/v1/zones/atm-lobby', { token: tokens.floor })).toMatchObject({ status: 200, body: zone });
    await expect.poll(() => hub.api.inject({ method: 'GET', url: '/api/v1/state', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.body)).toContain('atm-lobby');
    expect(await call('PUT', '/api/v1/zones/atm-lobby', { body: { ...zone, id: undefined, nameEn: 'ATM hall' } })).toMatchObject({ status: 200, body: { nameEn: 'ATM hall' } });
    expect((await call('DELETE', '/api/v1/zones/atm-lobby')).status).toBe(204);
    expect((await call('GET', '/api/v1/zones/atm-lobby')).status).toBe(404);
    const audit = await hub.db.auditLog.findMany({ where: { target: 'atm-lobby' } });
    expect(audit.map((row) => row.action)).toEqual(['zone.create', 'zone.update', 'zone.delete']);
  });

  it('lets only admins change the configuration', async () => {
    expect((await call('POST', '/api/v1/zones', { token: tokens.floor, body: zone })).status).toBe(403);
  });

  it.each([
    ['a duplicate id', 'POST', '/api/v1/zones', { ...zone, id: 'lobby' }, 409],
    ['an unknown zone kind', 'POST', '/api/v1/zones', { ...zone, kind: 'roof' }, 400],
    ['a zone for an unknown service', 'POST', '/api/v1/zones', { ...zone, serviceId: 'mortgages' }, 400],
    ['a counter for an unknown service', 'POST', '/api/v1/counters', { id: 'c9', nameEn: 'C9', nameZh: '9号', serviceIds: ['nope'] }, 400],
    ['a ticket prefix in lower case', 'POST', '/api/v1/services', { id: 'loans', nameEn: 'Loans', nameZh: '贷款', ticketPrefix: 'l', targetWaitS: 600 }, 400],
    ['a missing staff member', 'PUT', '/api/v1/staff/s-nobody', { displayName: 'X', skills: [], languages: [] }, 404],
  ])('answers %s with a 4xx and a message', async (_what, method, url, body, status) => {
    const response = await call(method, url, { body });
    expect(response.status).toBe(status);
    expect(response.body!.message).toEqual(expect.any(String));
  });

  it('keeps counters and staff lists as lists', async () => {
    const counters = await call('GET', '/api/v1/counters');
    expect(counters.body!.items.find((c: { id: string }) => c.id === 'c1')).toMatchObject({ serviceIds: ['teller', 'accounts'], open: true });
    const staff = await call('GET', '/api/v1/staff/s-li');
    expect(staff.body).toMatchObject({ skills: expect.arrayContaining(['floor']), languages: ['zh-CN', 'en'] });
  });
});

describe('users', () => {
  it('creates a login for a staff member, who can then log in with the staff role', async () => {
    const created = await call('POST', '/api/v1/users', { body: { username: 'chen', displayName: 'Chen Jie', role: 'staff', password: 'a-long-password', staffId: 's-chen' } });
    expect(created).toMatchObject({ status: 201, body: { username: 'chen', role: 'staff', staffId: 's-chen', disabled: false } });
    expect(JSON.stringify(created.body)).not.toContain('password');
    const login = await call('POST', '/api/v1/auth/login', { token: null, body: { username: 'chen', password: 'a-long-password' } });
    expect(login).toMatchObject({ status: 200, body: { role: 'staff' } });
    expect(await call('POST', '/api/v1/users', { body: { username: 'chen', displayName: 'X', role: 'staff', password: 'another-password' } })).toMatchObject({ status: 409 });
  });

  it('ends the sessions of a disabled login and refuses it afterwards', async () => {
    const { body: created } = await call('POST', '/api/v1/users', { body: { username: 'temp-1', displayName: 'Temp', role: 'floor', password: 'temp-password-1' } });
    const { body: login } = await call('POST', '/api/v1/auth/login', { token: null, body: { username: 'temp-1', password: 'temp-password-1' } });
    expect(await call('PATCH', `/api/v1/users/${created!.id}`, { body: { disabled: true } })).toMatchObject({ status: 200, body: { disabled: true } });
    expect((await call('GET', '/api/v1/auth/me', { token: login!.token })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/login', { token: null, body: { username: 'temp-1', password: 'temp-password-1' } })).status).toBe(401);
  });

  it.each([
    [{ username: 'ab', displayName: 'X', role: 'staff', password: 'long-enough-1' }, 'username'],
    [{ username: 'new-admin', displayName: 'X', role: 'root', password: 'long-enough-1' }, 'role'],
    [{ username: 'short-pw', displayName: 'X', role: 'staff', password: 'short' }, 'password'],
    [{ username: 'kiosk-user', displayName: 'X', role: 'kiosk', password: 'long-enough-1' }, 'role'],
  ])('refuses %j with a 400 about %s', async (body, field) => {
    const response = await call('POST', '/api/v1/users', { body });
    expect(response.status).toBe(400);
    expect(response.body!.message).toContain(field);
  });

  it('is for admins only', async () => {
    expect((await call('GET', '/api/v1/users', { token: tokens.floor })).status).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents every API route at /docs', async () => {
    const spec = JSON.parse((await hub.api.inject({ method: 'GET', url: '/docs/json' })).body);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/healthz', '/api/v1/state', '/api/v1/events', '/api/v1/dead-letters', '/api/v1/devices', '/api/v1/zones/{id}', '/api/v1/staff']));
    expect(spec.paths['/api/v1/devices'].post.requestBody.content['application/json'].schema.required).toEqual(['kind', 'sourceId', 'name']);
  });
});

describe('log', () => {
  it('validates filters and cursors', async () => {
    expect(await call('GET', '/api/v1/events?type=tp.photo.taken')).toMatchObject({ status: 400 });
    expect(await call('GET', '/api/v1/events?limit=100000')).toMatchObject({ status: 400 });
    expect(await call('GET', '/api/v1/events?cursor=garbage')).toMatchObject({ status: 400 });
    expect(await call('GET', '/api/v1/dead-letters?reason=bad-json')).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
  });

  it('answers an unknown route with 404 and a message', async () => {
    expect(await call('GET', '/api/v1/nothing-here')).toMatchObject({ status: 404, body: { message: expect.stringContaining('nothing-here') } });
  });
});
