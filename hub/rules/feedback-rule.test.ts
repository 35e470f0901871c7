import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { only, rulesKit, type RulesKit } from '../../test/helpers/rules-kit.ts';
import type { FeedbackItem } from '../feedback/schema.ts';
import { DEFAULT_RULES, ruleSetSchema } from './rule-set.ts';

let kit: RulesKit;
beforeEach(async () => {
  kit = await rulesKit();
  await kit.db.branch.create({ data: { id: 'b001', name: 'Demo', nameZh: '演示', timezone: 'Asia/Shanghai' } });
  await kit.db.counter.create({ data: { branchId: 'b001', id: 'c1', nameEn: 'Counter 1', nameZh: '1号柜台', serviceIds: '["teller"]', open: true } });
});
afterEach(() => kit.close());

/** A teller ticket taken at 10:00, called to Counter 1 after `waitedMin` minutes (never, with null). */
async function ticket(waitedMin: number | null): Promise<string> {
  const issuedAt = new Date('2026-03-02T02:00:00Z');
  const calledAt = waitedMin === null ? null : new Date(issuedAt.getTime() + waitedMin * 60_000);
  const row = await kit.db.ticket.create({
    data: {
      id: randomUUID(), branchId: 'b001', serviceId: 'teller', day: '2026-03-02', seq: 12, number: 'A012', code: randomUUID(), priority: 'normal',
      status: calledAt ? 'done' : 'waiting', language: 'zh-CN', issuedAt, queuedAt: issuedAt, calledAt, counterId: calledAt ? 'c1' : null,
    },
  });
  return row.id;
}

async function answer(fields: Partial<FeedbackItem> & { csat: number }): Promise<void> {
  const item: FeedbackItem = { id: randomUUID(), ticketId: null, serviceId: null, nps: null, comment: null, language: 'en', at: new Date(kit.now()).toISOString(), ...fields };
  kit.bus.emit('feedback.received', item);
  await kit.engine.settled();
}

describe('feedback rule', () => {
  it('opens a follow-up at the counters naming the visit, without the comment words', async () => {
    await answer({ ticketId: await ticket(14), serviceId: 'teller', csat: 1, nps: 3, comment: 'The clerk was rude to me' });
    const alert = only(kit.alerts.open());
    expect(alert).toMatchObject({
      kind: 'feedback-follow-up', ruleId: 'feedback', zoneId: 'counters', severity: 'high', needsPerson: false, skills: [], sourceId: null,
      reason: {
        en: 'Unhappy customer (ticket A012): CSAT 1/5, NPS 3/10 after Deposits and withdrawals at Counter 1, waited 14 min — comment left',
        zh: '客户不满意（A012号）：满意度1/5，推荐度3/10；存取款，1号柜台，等候14分钟；留有评论',
      },
    });
    expect(JSON.stringify(alert)).not.toContain('rude');
  });

  it('treats CSAT 2 as negative and 3 as not', async () => {
    await answer({ csat: 3 });
    expect(kit.alerts.open()).toEqual([]);
    await answer({ csat: 2 });
    expect(only(kit.alerts.open())).toMatchObject({ severity: 'medium', reason: { en: 'Unhappy customer: CSAT 2/5 — no comment', zh: '客户不满意：满意度2/5；未留评论' } });
  });

  it('treats NPS 6 as negative and 7 as not, whatever the CSAT', async () => {
    await answer({ csat: 5, nps: 7 });
    expect(kit.alerts.open()).toEqual([]);
    await answer({ csat: 5, nps: 6 });
    expect(only(kit.alerts.open()).reason.en).toBe('Unhappy customer: CSAT 5/5, NPS 6/10 — no comment');
  });

  it('leaves NPS out when it was not answered, and a CSAT 1 without a comment is medium', async () => {
    await answer({ csat: 1, nps: null });
    expect(only(kit.alerts.open())).toMatchObject({ severity: 'medium', reason: { en: 'Unhappy customer: CSAT 1/5 — no comment' } });
  });

  it('without a ticket, or before its call, looks for the customer in the lobby', async () => {
    await answer({ csat: 2 });
    await answer({ ticketId: await ticket(null), serviceId: 'teller', csat: 1, comment: 'Too slow' });
    const [high, medium] = kit.alerts.open();
    expect(medium).toMatchObject({ zoneId: 'lobby', reason: { en: 'Unhappy customer: CSAT 2/5 — no comment' } });
    expect(high).toMatchObject({ zoneId: 'lobby', reason: { en: 'Unhappy customer (ticket A012): CSAT 1/5 after Deposits and withdrawals — comment left' } });
  });

  it('opens one case per answer, even two alike in a row', async () => {
    await answer({ csat: 1 });
    await answer({ csat: 1 });
    expect(kit.alerts.open()).toHaveLength(2);
  });

  it('follows the rule set: off, other thresholds, a person sent with skills', async () => {
    await kit.store.save({ ...DEFAULT_RULES, feedback: { ...DEFAULT_RULES.feedback, enabled: false } });
    await answer({ csat: 1 });
    expect(kit.alerts.open()).toEqual([]);
    await kit.store.save({ ...DEFAULT_RULES, feedback: { enabled: true, csatAtMost: 3, npsAtMost: 4, needsPerson: true, skills: ['floor'] } });
    await answer({ csat: 4, nps: 5 });
    expect(kit.alerts.open()).toEqual([]);
    await answer({ csat: 3 });
    expect(only(kit.alerts.open())).toMatchObject({ needsPerson: true, skills: ['floor'] });
  });

  it('after a restart, opens the cases recent answers are missing, and never one twice', async () => {
    const stored = async (csat: number, minutesAgo: number) =>
      kit.db.feedback.create({ data: { id: randomUUID(), branchId: 'b001', csat, language: 'en', at: new Date(kit.now() - minutesAgo * 60_000) } });
    // Stored while the hub went down, before their cases opened.
    await stored(1, 5);
    await stored(5, 5);
    await stored(2, 45);
    await kit.restart();
    await kit.engine.settled();
    const alert = only(kit.alerts.open());
    expect(alert.reason.en).toBe('Unhappy customer: CSAT 1/5 — no comment');
    await kit.restart();
    await kit.engine.settled();
    expect(kit.alerts.open()).toHaveLength(1);
    await kit.alerts.resolve(alert.id, { by: 'manager', outcome: 'Apologised' });
    await kit.restart();
    await kit.engine.settled();
    expect(kit.alerts.open()).toEqual([]);
  });

  it('gives a rule set saved before this rule existed the defaults', () => {
    const { feedback: _feedback, ...older } = DEFAULT_RULES;
    expect(ruleSetSchema.parse(older).feedback).toEqual({ enabled: true, csatAtMost: 2, npsAtMost: 6, needsPerson: false, skills: [] });
  });
});
