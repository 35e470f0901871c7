import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rulesKit, type RulesKit } from '../../test/helpers/rules-kit.ts';
import type { AlertInput } from './alert-service.ts';
import { alertStory } from './alert-steps.ts';

let kit: RulesKit;
beforeEach(async () => {
  kit = await rulesKit();
});
afterEach(() => kit.close());

const fall = (zoneId: string): AlertInput => ({
  dedupKey: `distress:${zoneId}:fall`, ruleId: 'distress.fall', kind: 'fall', severity: 'high', zoneId, sourceId: 'cam-1', needsPerson: true,
  reason: { en: 'Possible fall', zh: '疑似跌倒' }, suggestion: null,
});

describe('AlertService', () => {
  it('goes open → acknowledged → resolved by the floor manager, with every step in its story', async () => {
    const opened = await kit.alerts.raise(fall('lobby'));
    await kit.advance(5);
    expect(await kit.alerts.acknowledge(opened!.id)).toMatchObject({ status: 'acknowledged' });
    await kit.advance(5);
    const resolved = await kit.alerts.resolve(opened!.id, { by: 'manager', outcome: 'customer was fine' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'manager', outcome: 'customer was fine', skills: ['accessibility'] });
    expect(kit.alerts.open()).toEqual([]);
    expect(await kit.alerts.resolve(opened!.id, { by: 'manager' })).toBeNull();
    const story = await alertStory(kit.db, opened!.id);
    expect(story.map((step) => [step.kind, step.detail])).toEqual([['opened', 'high'], ['acknowledged', null], ['resolved', 'manager: customer was fine']]);
    expect(Date.parse(story[2]!.at) - Date.parse(story[0]!.at)).toBe(10_000);
    expect(kit.emitted.map((alert) => alert.status)).toEqual(['open', 'acknowledged', 'resolved']);
    expect((await kit.alerts.list('resolved')).map((alert) => alert.id)).toEqual([opened!.id]);
    expect(await kit.alerts.list('open')).toEqual([]);
  });

  it('keeps raising alerts after one write failed', async () => {
    const create = kit.db.alert.create.bind(kit.db.alert);
    vi.spyOn(kit.db.alert, 'create').mockRejectedValueOnce(new Error('SQLITE_BUSY: database is locked')).mockImplementation(create);
    await expect(kit.alerts.raise(fall('lobby'))).rejects.toThrow('SQLITE_BUSY');
    await kit.alerts.raise(fall('teller-line'));
    expect(kit.alerts.open().map((alert) => alert.zoneId)).toEqual(['teller-line']);
  });

  it('loads the open alerts again at a restart', async () => {
    await kit.alerts.raise(fall('lobby'));
    await kit.restart();
    expect(kit.alerts.open()).toEqual([expect.objectContaining({ zoneId: 'lobby', status: 'open', needsPerson: true })]);
    expect(await kit.alerts.raise(fall('lobby'))).toBeNull();
  });
});
