import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertStory } from '../alerts/alert-steps.ts';
import { only, rulesKit, type RulesKit } from '../../test/helpers/rules-kit.ts';

let kit: RulesKit;
beforeEach(async () => {
  kit = await rulesKit();
});
afterEach(() => kit.close());

type Kind = 'fall' | 'help-request' | 'kiosk-friction' | 'long-wait' | 'negative-affect';
const sign = (zoneId: string, kind: Kind, severity: 'low' | 'medium' | 'high') =>
  kit.receive('tp.distress.detected', 'cam-1', { zoneId, kind, severity, confidence: 0.9, durationS: 3 });

describe('distress rule', () => {
  it('opens one alert per zone and kind; a repeat raises its severity', async () => {
    await sign('lobby', 'fall', 'medium');
    await sign('lobby', 'fall', 'medium');
    await sign('lobby', 'fall', 'high');
    await sign('lobby', 'fall', 'low');
    const alert = only(kit.alerts.open());
    expect(alert).toMatchObject({
      kind: 'fall', zoneId: 'lobby', sourceId: 'cam-1', severity: 'high', ruleId: 'distress.fall', needsPerson: true, skills: ['accessibility'],
      reason: { en: 'Possible fall in Lobby (medium)', zh: '大堂：疑似跌倒（中）' }, suggestion: null,
    });
    expect((await alertStory(kit.db, alert.id)).map((step) => step.kind)).toEqual(['opened', 'severity']);
    await sign('teller-line', 'fall', 'medium');
    expect(kit.alerts.open()).toHaveLength(2);
  });

  it('only notifies for an upset face, and ignores one below the minimum severity', async () => {
    await sign('lobby', 'negative-affect', 'low');
    expect(kit.alerts.open()).toEqual([]);
    await sign('lobby', 'negative-affect', 'medium');
    expect(kit.alerts.open()).toEqual([expect.objectContaining({ kind: 'negative-affect', needsPerson: false, skills: [] })]);
  });

  it('sends someone for a help request, a struggling kiosk customer and a long wait', async () => {
    await sign('lobby', 'help-request', 'low');
    await sign('kiosk-area', 'kiosk-friction', 'medium');
    await sign('teller-line', 'long-wait', 'medium');
    expect(kit.alerts.open().map((alert) => [alert.kind, alert.needsPerson, alert.skills])).toEqual(
      expect.arrayContaining([['help-request', true, ['floor']], ['kiosk-friction', true, ['floor']], ['long-wait', true, ['floor']]]),
    );
  });

  it('ignores the same sign for the cool-down after its alert closed', async () => {
    await sign('lobby', 'fall', 'high');
    const first = only(kit.alerts.open());
    await kit.alerts.resolve(first.id, { by: 'staff', outcome: 'helped the customer up' });
    expect(await kit.alerts.get(first.id)).toMatchObject({ status: 'resolved', resolvedBy: 'staff', outcome: 'helped the customer up' });
    await kit.advance(119);
    await sign('lobby', 'fall', 'high');
    expect(kit.alerts.open()).toEqual([]);
    await kit.advance(1);
    await sign('lobby', 'fall', 'high');
    expect(only(kit.alerts.open())).toMatchObject({ kind: 'fall', status: 'open', id: expect.not.stringMatching(first.id) });
  });

  it('follows a zone override that turns a kind off', async () => {
    const rules = kit.store.current();
    await kit.store.save({ ...rules, zones: { 'vip-room': { distress: { 'help-request': { enabled: false } } } } });
    await sign('vip-room', 'help-request', 'high');
    await sign('lobby', 'help-request', 'high');
    expect(kit.alerts.open().map((alert) => alert.zoneId)).toEqual(['lobby']);
  });
});
