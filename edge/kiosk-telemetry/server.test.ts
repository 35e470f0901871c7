import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskInteraction } from '../../protocol/kiosk-telemetry.ts';
import { buildTelemetryServer } from './server.ts';

const PATH = '/kiosk/v1/kiosk-1/interactions';
const HUB_PAGE = 'http://hub.branch.lan:8080';
const interaction = (seq: number, extra: Partial<KioskInteraction> = {}): KioskInteraction => ({
  sessionId: '3f8e2d1c-0b9a-4c7d-8e6f-5a4b3c2d1e0f', seq, at: '2026-11-22T09:30:00.000Z', type: 'screen', screen: 'ticket.service', task: 'ticket', ...extra,
});

let apps: ReturnType<typeof buildTelemetryServer>[] = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

function server(allowedOrigins: string[] = ['*']) {
  const received: { kioskId: string; interactions: KioskInteraction[] }[] = [];
  const app = buildTelemetryServer({
    kioskIds: ['kiosk-1'], allowedOrigins, log: pino({ level: 'silent' }),
    onInteractions: async (kioskId, interactions) => { received.push({ kioskId, interactions }); },
  });
  apps.push(app);
  return { app, received };
}

describe('kiosk telemetry server', () => {
  it('takes a valid batch with 202 and hands it over as it came', async () => {
    const { app, received } = server();
    const batch = [interaction(0, { type: 'session-start', screen: undefined }), interaction(1)];
    const response = await app.inject({ method: 'POST', url: PATH, payload: { interactions: batch } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 2 });
    expect(received).toEqual([{ kioskId: 'kiosk-1', interactions: JSON.parse(JSON.stringify(batch)) }]);
  });

  it('takes the text/plain JSON that navigator.sendBeacon sends', async () => {
    const { app, received } = server();
    const response = await app.inject({ method: 'POST', url: PATH, headers: { 'content-type': 'text/plain;charset=UTF-8' }, payload: JSON.stringify({ interactions: [interaction(0)] }) });
    expect(response.statusCode).toBe(202);
    expect(received).toHaveLength(1);
  });

  it('refuses an invalid batch with 400, naming every problem, and hands nothing over', async () => {
    const { app, received } = server();
    const response = await app.inject({
      method: 'POST', url: PATH,
      payload: { interactions: [interaction(0, { sessionId: 'not-a-uuid' }), { ...interaction(1), typed: '4111 1111 1111 1111' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/^invalid interactions: interactions\.0\.sessionId: .*; interactions\.1: .*typed/);
    expect(response.json().problems).toHaveLength(2);
    expect((await app.inject({ method: 'POST', url: PATH, payload: { interactions: [] } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: PATH, headers: { 'content-type': 'application/json' }, payload: '{"interactions": [' })).statusCode).toBe(400);
    expect(received).toEqual([]);
  });

  it('answers 404 for a kiosk this node does not watch and for other paths', async () => {
    const { app } = server();
    const unknown = await app.inject({ method: 'POST', url: '/kiosk/v1/kiosk-9/interactions', payload: { interactions: [interaction(0)] } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('kiosk kiosk-9 is not watched by this edge node');
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
  });

  it('answers 413 for a body over the limit, 415 for a body that is not JSON and 405 for other methods', async () => {
    const { app } = server();
    // 500 interactions are about 76 KB: over the 64 KiB limit.
    const huge = { interactions: Array.from({ length: 500 }, (_, i) => interaction(i, { sessionId: randomUUID() })) };
    const tooLarge = await app.inject({ method: 'POST', url: PATH, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(huge) });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().message).toMatch(/at most 64 KiB/);
    expect((await app.inject({ method: 'POST', url: PATH, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' })).statusCode).toBe(415);
    const get = await app.inject({ method: 'GET', url: PATH });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
  });

  it('answers the CORS preflight of a hub page: POST with a JSON body, from any origin by default', async () => {
    const { app } = server();
    const preflight = await app.inject({
      method: 'OPTIONS', url: PATH,
      headers: { origin: HUB_PAGE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': 'content-type' });
    const post = await app.inject({ method: 'POST', url: PATH, headers: { origin: HUB_PAGE }, payload: { interactions: [interaction(0)] } });
    expect(post.headers['access-control-allow-origin']).toBe('*');
  });

  it('with a list of allowed origins, lets those pages post and refuses others with 403', async () => {
    const { app, received } = server([HUB_PAGE]);
    const allowed = await app.inject({ method: 'OPTIONS', url: PATH, headers: { origin: HUB_PAGE, 'access-control-request-method': 'POST' } });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': HUB_PAGE, vary: 'Origin' });
    const other = await app.inject({ method: 'POST', url: PATH, headers: { origin: 'http://evil.example' }, payload: { interactions: [interaction(0)] } });
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(received).toEqual([]);
    // Not a browser page (no Origin): CORS does not apply.
    expect((await app.inject({ method: 'POST', url: PATH, payload: { interactions: [interaction(0)] } })).statusCode).toBe(202);
  });
});
