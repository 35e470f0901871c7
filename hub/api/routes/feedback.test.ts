import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub } from '../../../test/helpers/in-process-hub.ts';
import type { FeedbackItem } from '../../feedback/schema.ts';

let hub: TestHub;
const tokens: Record<string, string> = {};

const call = (method: string, url: string, options?: { token?: string | null; body?: unknown }) => hub.inject(method, url, options);

/** A served ticket, as the queue would have left it. */
async function servedTicket(code: string, serviceId: string) {
  const now = new Date();
  return hub.db.ticket.create({
    data: {
      id: `t-${code}`, branchId: hub.branchId, serviceId, day: now.toISOString().slice(0, 10), seq: 1, number: 'B001', code,
      priority: 'normal', status: 'done', language: 'zh-CN', issuedAt: now, queuedAt: now, endedAt: now,
    },
  });
}

beforeAll(async () => {
  hub = await startTestHub();
  for (const [role, username, password] of [['floor', 'floor', 'touchpoint-floor'], ['staff', 'wang', 'touchpoint-staff'], ['hq', 'hq-analyst', 'touchpoint-hq']] as const) {
    tokens[role] = (await call('POST', '/api/v1/auth/login', { token: null, body: { username, password } })).body!.token;
  }
});
afterAll(() => hub.close());

describe('leaving feedback (public)', () => {
  it('stores a rating without a ticket, trims the comment, and announces it on the bus', async () => {
    const heard: FeedbackItem[] = [];
    const off = hub.bus.on('feedback.received', (feedback) => void heard.push(feedback));
    const response = await call('POST', '/api/v1/feedback', { token: null, body: { csat: 4, nps: 9, comment: '  Friendly staff.  ', language: 'en' } });
    off();
    expect(response.status).toBe(201);
    const row = await hub.db.feedback.findUniqueOrThrow({ where: { id: response.body!.id } });
    expect(row).toMatchObject({ branchId: 'b001', ticketId: null, serviceId: null, csat: 4, nps: 9, comment: 'Friendly staff.', language: 'en' });
    expect(heard).toEqual([expect.objectContaining({ id: response.body!.id, csat: 4, comment: 'Friendly staff.' })]);
  });

  it('links feedback to the ticket and its service, once per ticket', async () => {
    const ticket = await servedTicket('fb-code-1', 'accounts');
    const first = await call('POST', '/api/v1/feedback', { token: null, body: { ticketCode: 'fb-code-1', csat: 5, language: 'zh-CN', comment: '   ' } });
    expect(first.status).toBe(201);
    expect(await hub.db.feedback.findUniqueOrThrow({ where: { id: first.body!.id } })).toMatchObject({ ticketId: ticket.id, serviceId: 'accounts', nps: null, comment: null });

    const again = await call('POST', '/api/v1/feedback', { token: null, body: { ticketCode: 'fb-code-1', csat: 1, language: 'zh-CN' } });
    expect(again).toMatchObject({ status: 409, body: { message: expect.stringContaining('already') } });
  });

  it('accepts only one of two answers sent at the same moment for one ticket', async () => {
    await servedTicket('fb-code-2', 'fx');
    const body = { ticketCode: 'fb-code-2', csat: 3, language: 'en' };
    const statuses = (await Promise.all([call('POST', '/api/v1/feedback', { token: null, body }), call('POST', '/api/v1/feedback', { token: null, body })])).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, 409]);
  });

  it('answers 404 with a clear message for an unknown ticket code', async () => {
    const response = await call('POST', '/api/v1/feedback', { token: null, body: { ticketCode: 'no-such-code', csat: 2, language: 'zh-CN' } });
    expect(response).toMatchObject({ status: 404, body: { message: expect.stringContaining('no ticket has this code') } });
  });

  it.each([
    [{ csat: 0, language: 'en' }, 'csat'],
    [{ csat: 6, language: 'en' }, 'csat'],
    [{ csat: 4.5, language: 'en' }, 'csat'],
    [{ csat: 4, nps: 11, language: 'en' }, 'nps'],
    [{ csat: 4, nps: 7.5, language: 'en' }, 'nps'],
    [{ csat: 4, language: 'fr' }, 'language'],
    [{ csat: 4, language: 'en', comment: 'x'.repeat(501) }, 'comment'],
    [{ csat: 4, language: 'en', ticketCode: 'A012 ; drop' }, 'ticketCode'],
    [{ csat: 4, language: 'en', name: 'Zhang San' }, 'name'],
  ])('refuses %j with a 400 naming the field', async (body, field) => {
    const response = await call('POST', '/api/v1/feedback', { token: null, body });
    expect(response.status).toBe(400);
    expect(response.body!.message).toContain(field);
  });

  it('accepts a 500-character comment once its surrounding spaces are trimmed', async () => {
    expect((await call('POST', '/api/v1/feedback', { token: null, body: { csat: 3, language: 'en', comment: ` ${'y'.repeat(500)} ` } })).status).toBe(201);
  });
});

describe('reading feedback (admin, floor, hq)', () => {
  it('is refused to anonymous callers and to counter staff', async () => {
    expect((await call('GET', '/api/v1/feedback', { token: null })).status).toBe(401);
    expect((await call('GET', '/api/v1/feedback', { token: tokens.staff })).status).toBe(403);
    for (const token of [ADMIN_TOKEN, tokens.floor, tokens.hq]) expect((await call('GET', '/api/v1/feedback', { token })).status).toBe(200);
  });

  it('lists a time range newest first, with CSAT and NPS over the range', async () => {
    const base = { branchId: hub.branchId, language: 'zh-CN' };
    await hub.db.feedback.createMany({
      data: [
        { ...base, id: 'old-1', csat: 5, nps: 10, at: new Date('2026-01-10T02:00:00Z') },
        { ...base, id: 'old-2', csat: 2, nps: 3, at: new Date('2026-01-10T03:00:00Z') },
        { ...base, id: 'old-3', csat: 4, at: new Date('2026-01-11T03:00:00Z') },
        { ...base, id: 'older', csat: 1, at: new Date('2025-12-31T03:00:00Z') },
      ],
    });
    const { status, body } = await call('GET', '/api/v1/feedback?from=2026-01-10T00:00:00Z&to=2026-01-12T00:00:00Z', { token: tokens.hq });
    expect(status).toBe(200);
    expect(body!.items.map((item: FeedbackItem) => item.id)).toEqual(['old-3', 'old-2', 'old-1']);
    expect(body!.summary).toEqual({
      responses: 3,
      csatAverage: 3.67,
      csatSatisfiedPercent: 66.7,
      nps: { responses: 2, promoters: 1, passives: 0, detractors: 1, score: 0 },
    });

    const limited = await call('GET', '/api/v1/feedback?from=2026-01-10T00:00:00Z&to=2026-01-12T00:00:00Z&limit=1', { token: tokens.floor });
    expect(limited.body!.items.map((item: FeedbackItem) => item.id)).toEqual(['old-3']);
    expect(limited.body!.summary.responses).toBe(3);
  });

  it('refuses a range that ends before it starts, and a date that is not one', async () => {
    expect(await call('GET', '/api/v1/feedback?from=2026-01-12T00:00:00Z&to=2026-01-10T00:00:00Z')).toMatchObject({ status: 400, body: { message: expect.stringContaining('from must be before to') } });
    expect((await call('GET', '/api/v1/feedback?from=yesterday')).status).toBe(400);
  });
});
