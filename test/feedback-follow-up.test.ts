/**
 * Closing the loop with an unhappy customer: a served ticket's negative answer opens a follow-up
 * case on the floor naming the visit (never the comment's words), which the floor manager resolves
 * with what was done; a happy answer opens nothing. The hub runs on a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';

const clock = new FakeClock(Date.parse('2026-03-02T01:30:00Z'));
let hub: TestHub;
const api = queueApi(() => hub);
let floorToken: string;

beforeAll(async () => {
  hub = await startTestHub({}, { now: clock.now });
  floorToken = await api.login('floor', 'touchpoint-floor');
  await api.openOnly('c1');
});
afterAll(() => hub.close());

/** A teller ticket served at Counter 1 after a wait of `waitedMin` minutes; its secret code. */
async function servedTicket(waitedMin: number): Promise<string> {
  const ticket = await api.take('teller', 'normal', 'en');
  clock.advance(waitedMin);
  expect(await api.callNext('c1')).toMatchObject({ status: 200, body: { id: ticket.id } });
  expect(await api.act(ticket.id, 'start')).toMatchObject({ status: 200 });
  clock.advance(5);
  expect(await api.act(ticket.id, 'done')).toMatchObject({ status: 200 });
  return ticket.code;
}

async function giveFeedback(body: Record<string, unknown>): Promise<void> {
  expect(await api.call('POST', '/feedback', { token: null, body: { language: 'en', ...body } })).toMatchObject({ status: 201 });
  await hub.rules.settled();
}

async function openFollowUps() {
  const open = await api.call('GET', '/alerts?status=open', { token: floorToken });
  return (open.body as { id: string; kind: string }[]).filter((alert) => alert.kind === 'feedback-follow-up');
}

describe('feedback follow-up', () => {
  it('opens a case for an unhappy answer, naming the visit but not the comment, and the floor closes it', async () => {
    const code = await servedTicket(14);
    await giveFeedback({ ticketCode: code, csat: 1, comment: 'Nobody explained the overdraft charge' });
    const [alert, ...others] = await openFollowUps();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      severity: 'high', zoneId: 'counters', needsPerson: false,
      reason: { en: 'Unhappy customer (ticket A001): CSAT 1/5 after Deposits and withdrawals at Counter 1, waited 14 min — comment left' },
    });
    expect(JSON.stringify(alert)).not.toContain('overdraft');
    // The floor reads the words in the feedback list.
    const feedback = await api.call('GET', '/feedback', { token: floorToken });
    expect(feedback.body.items[0]).toMatchObject({ csat: 1, comment: 'Nobody explained the overdraft charge' });

    const resolved = await api.call('POST', `/alerts/${alert!.id}/resolve`, { token: floorToken, body: { outcome: 'Explained the charge and refunded it' } });
    expect(resolved).toMatchObject({ status: 200, body: { status: 'resolved', resolvedBy: 'manager', outcome: 'Explained the charge and refunded it' } });
    expect(await openFollowUps()).toEqual([]);
  });

  it('opens nothing for a happy answer', async () => {
    const code = await servedTicket(3);
    await giveFeedback({ ticketCode: code, csat: 4, nps: 9, comment: 'Quick and friendly' });
    expect(await openFollowUps()).toEqual([]);
  });
});
