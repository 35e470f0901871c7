/**
 * Login throttling through the real API (policy: hub/auth/login-throttle.ts, hub/README.md):
 * repeated failures answer 429 with Retry-After and a message saying how long; the right
 * password does not get through a lock; a success resets the count; an attacker at one address
 * neither locks the account's owner out elsewhere nor escapes the per-address limit by switching
 * accounts; everything is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';

let hub: TestHub;

async function login(username: string, password: string, address: string) {
  const response = await hub.api.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address, payload: { username, password } });
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], body: JSON.parse(response.body) as { message?: string; token?: string; retryAfterS?: number } };
}

const audited = (actor: string, action: string) => hub.db.auditLog.findMany({ where: { actor, action }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

describe('login throttling', () => {
  it('answers 429 with Retry-After after five wrong passwords, even to the right one, from that address only', async () => {
    for (let i = 1; i <= 5; i++) expect((await login('floor', `guess-${i}`, '10.0.0.1')).status).toBe(401);
    const refused = await login('floor', 'guess-6', '10.0.0.1');
    expect(refused).toMatchObject({ status: 429, retryAfter: '30', body: { retryAfterS: 30, message: 'too many failed logins for "floor" from this address; try again in 30 s' } });
    // The right password does not tell the attacker anything while locked.
    expect((await login('floor', 'touchpoint-floor', '10.0.0.1')).status).toBe(429);
    // The floor manager's own tablet is not locked out.
    expect((await login('floor', 'touchpoint-floor', '10.0.0.2')).status).toBe(200);

    const failures = await audited('floor', 'login.failed');
    expect(failures).toHaveLength(5);
    expect(JSON.parse(failures[4]!.detail!)).toEqual({ address: '10.0.0.1', lockedS: 30, scope: 'user-address' });
    // Two refusals, one audit entry for the lock.
    const throttled = await audited('floor', 'login.throttled');
    expect(throttled.map((row) => JSON.parse(row.detail!))).toEqual([{ address: '10.0.0.1', scope: 'user-address', retryAfterS: 30 }]);
    expect((await audited('floor', 'login')).map((row) => JSON.parse(row.detail!))).toEqual([{ address: '10.0.0.2', role: 'floor' }]);
  });

  it('starts the count again after a success', async () => {
    for (let i = 1; i <= 4; i++) expect((await login('wang', `guess-${i}`, '10.0.1.1')).status).toBe(401);
    expect((await login('wang', 'touchpoint-staff', '10.0.1.1')).status).toBe(200);
    for (let i = 1; i <= 4; i++) expect((await login('wang', `again-${i}`, '10.0.1.1')).status).toBe(401);
    expect((await login('wang', 'touchpoint-staff', '10.0.1.1')).status).toBe(200);
  });

  it('limits an address that tries many accounts, whatever the accounts', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`user-${i}`, 'password', '10.0.2.1')).status).toBe(401);
    const refused = await login('admin', 'touchpoint-admin', '10.0.2.1');
    expect(refused).toMatchObject({ status: 429, retryAfter: '60', body: { message: 'too many failed logins from this address; try again in 60 s' } });
    expect((await login('admin', 'touchpoint-admin', '10.0.2.2')).status).toBe(200);
  });

  it('slows down an account guessed from many addresses, but not on a device it logged in from', async () => {
    expect((await login('hq-analyst', 'touchpoint-hq', '10.0.3.1')).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login('hq-analyst', 'guess', `10.0.4.${i}`)).status).toBe(401);
    const refused = await login('hq-analyst', 'touchpoint-hq', '10.0.5.1');
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/from several addresses; try again in 30 s, or from a device you have logged in from before/);
    expect((await login('hq-analyst', 'touchpoint-hq', '10.0.3.1')).status).toBe(200);
  });

  it('counts guesses sent in parallel before their passwords are checked', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login('admin', `parallel-${i}`, '10.0.6.1')));
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(7);
  });

  it('audits a logout', async () => {
    const { body } = await login('wang', 'touchpoint-staff', '10.0.7.1');
    await hub.api.inject({ method: 'POST', url: '/api/v1/auth/logout', remoteAddress: '10.0.7.1', headers: { authorization: `Bearer ${body.token}` } });
    expect((await audited('wang', 'logout')).map((row) => JSON.parse(row.detail!))).toEqual([{ address: '10.0.7.1' }]);
  });
});
