import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub } from '../../test/helpers/in-process-hub.ts';
import { loadBranchConfig } from '../branch/branch-config.ts';
import { loadHubConfig } from '../config.ts';
import { localDay } from '../queue/branch-time.ts';

// The limits a hub runs with when nothing is configured.
const defaults = loadHubConfig({});
const WRITES = defaults.TP_PUBLIC_WRITES_PER_MIN;
const READS = defaults.TP_PUBLIC_READS_PER_MIN;
/** Today where the branch is: the day a kiosk offers appointments for (UTC's can be yesterday there). */
const branchToday = () => localDay(Date.now(), loadBranchConfig(defaults.TP_BRANCH_CONFIG).branch.timezone);

let hub: TestHub;
let nextAddress = 1;
/** Each test draws on fresh budgets: a client address of its own. */
const newAddress = () => `10.1.0.${nextAddress++}`;

function call(address: string, method: 'GET' | 'POST', url: string, body?: object, headers: Record<string, string> = {}) {
  return hub.api.inject({ method, url: `/api/v1${url}`, remoteAddress: address, headers, ...(body ? { payload: body } : {}) });
}
const feedback = (address: string) => call(address, 'POST', '/feedback', { csat: 4, language: 'en' });

beforeAll(async () => {
  hub = await startTestHub({ TP_PUBLIC_WRITES_PER_MIN: String(WRITES), TP_PUBLIC_READS_PER_MIN: String(READS) });
  // Tickets are taken for services a counter serves.
  for (const counter of ['c1', 'c4']) expect((await hub.inject('POST', `/api/v1/queue/counters/${counter}/open`)).status).toBe(200);
});
afterAll(() => hub.close());
afterEach(() => vi.useRealTimers());

describe('public rate limits', () => {
  it('answers a burst of writes beyond the budget with 429, Retry-After and a message in both languages', async () => {
    const kiosk = newAddress();
    const statuses: number[] = [];
    // The write budget is one for all public writes: feedback and tickets draw on it together.
    for (let i = 0; i < WRITES; i++) {
      const response = i % 2 ? await feedback(kiosk) : await call(kiosk, 'POST', '/queue/tickets', { serviceId: 'teller', language: 'zh-CN' });
      statuses.push(response.statusCode);
    }
    expect(statuses.every((status) => status === 201)).toBe(true);

    const refused = await call(kiosk, 'POST', '/queue/tickets', { serviceId: 'teller', language: 'en' });
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = refused.json() as { error: string; message: string };
    expect(body.error).toBe('Too Many Requests');
    expect(body.message).toContain(`please wait ${retryAfter} s`);
    expect(body.message).toContain('请求过于频繁');
    expect((await feedback(kiosk)).statusCode).toBe(429);

    // Reads have their own budget, and other addresses are not affected.
    expect((await call(kiosk, 'GET', '/queue/services')).statusCode).toBe(200);
    expect((await feedback(newAddress())).statusCode).toBe(201);
  });

  it('refuses a flood of reads beyond the budget and lets the address in again after the window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const phone = newAddress();
    for (let i = 0; i < READS; i++) {
      const response = await call(phone, 'GET', '/kiosks/kiosk-1');
      if (response.statusCode !== 200) throw new Error(`read ${i + 1} of ${READS} answered ${response.statusCode}`);
    }
    const refused = await call(phone, 'GET', '/kb/articles?q=card');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await call(newAddress(), 'GET', '/kb/articles?q=card')).statusCode).toBe(200);

    vi.setSystemTime(Date.now() + 61_000);
    expect((await call(phone, 'GET', '/kb/articles?q=card')).statusCode).toBe(200);
  });

  it('never limits a busy kiosk (a ticket every 20 s) nor the phones behind the guest Wi-Fi, for half an hour', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const kiosk = newAddress();
    const guestWifi = newAddress();
    const limited: string[] = [];
    const expectOk = async (what: string, response: Promise<{ statusCode: number }>) => {
      const { statusCode } = await response;
      if (statusCode === 429) limited.push(what);
      else expect(statusCode, what).toBeLessThan(300);
    };
    const codes: string[] = [];
    // Half an hour: the budgets are per minute, so a steady peak shows within a few windows.
    for (let step = 0; step < 90; step++) {
      // One kiosk customer: services, then a ticket (its retry with the same key counts too), feedback from every other.
      await expectOk('kiosk services', call(kiosk, 'GET', '/queue/services'));
      const key = `kiosk-1-${step}-0123456789`;
      const ticket = await call(kiosk, 'POST', '/queue/tickets', { serviceId: step % 3 ? 'teller' : 'accounts', language: 'en' }, { 'idempotency-key': key });
      if (ticket.statusCode === 201) codes.push((ticket.json() as { code: string }).code);
      else limited.push(`kiosk ticket: ${ticket.statusCode}`);
      if (step % 5 === 0) await expectOk('kiosk retry', call(kiosk, 'POST', '/queue/tickets', { serviceId: step % 3 ? 'teller' : 'accounts', language: 'en' }, { 'idempotency-key': key }));
      if (step % 2 === 0) await expectOk('kiosk feedback', feedback(kiosk));
      if (step % 4 === 0) {
        // A self-help visit: the search as the customer types (debounced), then two articles.
        for (const q of ['ca', 'card', 'card lost']) await expectOk('kiosk search', call(kiosk, 'GET', `/kb/articles?lang=en&q=${encodeURIComponent(q)}`));
        await expectOk('kiosk article', call(kiosk, 'GET', '/kb/articles/lost-card'));
      }
      if (step % 6 === 0) await expectOk('kiosk slots', call(kiosk, 'GET', `/queue/appointments/slots?serviceId=fx&date=${branchToday()}`));
      // Phones behind one guest Wi-Fi address: the last 7 customers' ticket pages reload every 20 s; some give up, some rate.
      for (const code of codes.slice(-7)) await expectOk('phone ticket', call(guestWifi, 'GET', `/queue/tickets/by-code/${code}`));
      if (step % 3 === 0 && codes.length > 25) await expectOk('phone cancel', call(guestWifi, 'POST', `/queue/tickets/by-code/${codes[codes.length - 25]}/cancel`));
      if (step % 3 === 1) await expectOk('phone feedback', feedback(guestWifi));
      vi.setSystemTime(Date.now() + 20_000);
    }
    expect(limited).toEqual([]);
  }, 120_000);

  it('limits only the public routes customers call', async () => {
    const desk = newAddress();
    for (let i = 0; i <= WRITES; i++) {
      const response = await hub.api.inject({
        method: 'POST', url: '/api/v1/kb/articles', remoteAddress: desk, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { nonsense: i },
      });
      expect(response.statusCode).toBe(400);
      expect((await hub.api.inject({ method: 'GET', url: '/healthz', remoteAddress: desk })).statusCode).toBe(200);
    }
    // Staff screens at that address still have their whole public budget.
    expect((await feedback(desk)).statusCode).toBe(201);
  });

  it('counts a client behind the reverse proxy named in TP_TRUST_PROXY by its X-Forwarded-For, and ignores the header from anyone else', async () => {
    const proxy = '10.9.0.1';
    const behindProxy = await startTestHub({ TP_PUBLIC_WRITES_PER_MIN: '2', TP_TRUST_PROXY: proxy });
    try {
      const send = (from: string, forwardedFor: string) => behindProxy.api.inject({
        method: 'POST', url: '/api/v1/feedback', remoteAddress: from, headers: { 'x-forwarded-for': forwardedFor }, payload: { csat: 4, language: 'en' },
      });
      // Two kiosks behind the proxy: each has its own budget of 2.
      const statuses = [];
      for (const kiosk of ['192.168.1.10', '192.168.1.10', '192.168.1.11', '192.168.1.11', '192.168.1.10']) statuses.push((await send(proxy, kiosk)).statusCode);
      expect(statuses).toEqual([201, 201, 201, 201, 429]);
      // A client that is not the proxy cannot pick a fresh address with the header.
      const direct = [];
      for (const forged of ['1.1.1.1', '1.1.1.2', '1.1.1.3']) direct.push((await send('10.9.0.2', forged)).statusCode);
      expect(direct).toEqual([201, 201, 429]);
    } finally {
      await behindProxy.close();
    }
  });

  it('ignores X-Forwarded-For when no proxy is configured', async () => {
    const phone = newAddress();
    const statuses = [];
    for (let i = 0; i <= WRITES; i++) statuses.push((await call(phone, 'POST', '/feedback', { csat: 4, language: 'en' }, { 'x-forwarded-for': `172.16.0.${i}` })).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });
});
