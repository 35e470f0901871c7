import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertStory } from '../alerts/alert-steps.ts';
import { only, rulesKit, type RulesKit } from '../../test/helpers/rules-kit.ts';

let kit: RulesKit;
beforeEach(async () => {
  kit = await rulesKit();
});
afterEach(() => kit.close());

const longQueues = () => kit.alerts.open().filter((alert) => alert.kind === 'long-queue');

describe('queue-length rule (defaults: 8 people for 60 s opens, under 7 for 30 s closes)', () => {
  it('opens one alert for a line that stays long, suggesting the closed counter in both languages', async () => {
    kit.see('teller-line', 9);
    await kit.advance(59);
    expect(longQueues()).toEqual([]);
    await kit.advance(1);
    await kit.advance(120);
    expect(longQueues()).toEqual([expect.objectContaining({
      zoneId: 'teller-line', sourceId: 'teller', ruleId: 'queue-length', severity: 'medium', status: 'open', needsPerson: false, skills: [],
      reason: { en: 'Teller queue: 9 people in line for 60 s or more', zh: '柜台排队区：9人排队已持续60秒以上' },
      suggestion: { en: 'Open Counter 3 — Teller queue 9 people', zh: '开放3号柜台 — 存取款排队9人' },
    })]);
    expect(kit.emitted.filter((alert) => alert.kind === 'long-queue')).toHaveLength(1);
  });

  it('does not open for a line that shortens before the time is up', async () => {
    kit.see('teller-line', 10);
    await kit.advance(50);
    kit.see('teller-line', 5);
    await kit.advance(1);
    kit.see('teller-line', 10);
    await kit.advance(50);
    expect(longQueues()).toEqual([]);
  });

  it('counts people waiting with tickets when the camera sees fewer, and suggests nothing when every counter is open', async () => {
    kit.facts.setOpen('c3', true);
    kit.see('teller-line', 2);
    kit.facts.waiting.set('teller', 12);
    await kit.advance(60);
    expect(longQueues()).toEqual([expect.objectContaining({ zoneId: 'teller-line', suggestion: null })]);
  });

  it('closes by itself only after the line has stayed short, with an auto-closed step', async () => {
    kit.see('teller-line', 9);
    await kit.advance(60);
    const alert = only(longQueues());
    // 7 is not below 7: a line at the threshold keeps the alert open.
    kit.see('teller-line', 7);
    await kit.advance(120);
    expect(longQueues()).toHaveLength(1);
    kit.see('teller-line', 6);
    await kit.advance(29);
    expect(longQueues()).toHaveLength(1);
    await kit.advance(1);
    expect(longQueues()).toEqual([]);
    expect(await kit.alerts.get(alert.id)).toMatchObject({ status: 'resolved', resolvedBy: 'auto' });
    expect((await alertStory(kit.db, alert.id)).map((step) => step.kind)).toEqual(['opened', 'auto-closed']);
  });

  it('makes the open alert high when the line reaches twice the threshold', async () => {
    kit.see('teller-line', 8);
    await kit.advance(60);
    kit.see('teller-line', 16);
    await kit.advance(1);
    const alert = only(longQueues());
    expect(alert.severity).toBe('high');
    expect((await alertStory(kit.db, alert.id)).map((step) => [step.kind, step.detail])).toEqual([['opened', 'medium'], ['severity', 'medium → high']]);
  });

  it('does not page again while the line the floor manager resolved is still long', async () => {
    kit.see('teller-line', 9);
    await kit.advance(60);
    await kit.alerts.resolve(only(longQueues()).id, { by: 'manager' });
    await kit.advance(300);
    expect(longQueues()).toEqual([]);
    kit.see('teller-line', 3);
    await kit.advance(30);
    kit.see('teller-line', 9);
    await kit.advance(60);
    expect(longQueues()).toHaveLength(1);
  });

  it('resumes an open situation after a restart and closes it when the line clears', async () => {
    kit.see('teller-line', 9);
    await kit.advance(60);
    await kit.restart();
    await kit.advance(60);
    expect(longQueues()).toHaveLength(1);
    kit.see('teller-line', 0);
    await kit.advance(30);
    expect(longQueues()).toEqual([]);
    expect(await kit.db.alert.count({ where: { kind: 'long-queue' } })).toBe(1);
  });

  it('follows a per-zone override', async () => {
    await kit.store.save({ ...kit.store.current(), zones: { 'teller-line': { queueLength: { openAtPeople: 4, closeBelowPeople: 3 } } } });
    kit.see('teller-line', 5);
    kit.see('wealth-waiting', 5);
    await kit.advance(60);
    expect(longQueues().map((alert) => alert.zoneId)).toEqual(['teller-line']);
  });
});
