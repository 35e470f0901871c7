import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { only, rulesKit, type RulesKit } from '../../test/helpers/rules-kit.ts';

let kit: RulesKit;
beforeEach(async () => {
  kit = await rulesKit();
});
afterEach(() => kit.close());

const teller = { nameEn: 'Deposits and withdrawals', nameZh: '存取款' };

describe('wait-breach rule', () => {
  it('opens one alert naming the predicted and target minutes and the closed counter to open, and closes it by itself', async () => {
    const closedCounter = kit.facts.closedCounterFor('teller');
    await kit.engine.waitBreach.apply('teller', { severity: 'medium', zoneId: 'teller-line', service: teller, predictedS: 1080, targetS: 600, closedCounter });
    await kit.engine.waitBreach.apply('teller', { severity: 'high', zoneId: 'teller-line', service: teller, predictedS: 1200, targetS: 600, closedCounter });
    const alert = only(kit.alerts.open());
    expect(alert).toMatchObject({
      kind: 'wait-breach', ruleId: 'wait-breach', sourceId: 'teller', zoneId: 'teller-line', severity: 'high', needsPerson: false,
      reason: { en: 'Deposits and withdrawals wait predicted 18 min, over the 10 min target', zh: '存取款预计等待18分钟，超过10分钟目标' },
      suggestion: { en: 'Open Counter 3 — Deposits and withdrawals wait predicted 20 min over the 10 min target', zh: '开放3号柜台 — 存取款预计等待20分钟，超过10分钟目标' },
    });
    await kit.engine.waitBreach.apply('teller', null);
    expect(await kit.alerts.get(alert.id)).toMatchObject({ status: 'resolved', resolvedBy: 'auto' });
  });

  it('suggests nothing when every counter serving the service is open', async () => {
    kit.facts.setOpen('c3', true);
    await kit.engine.waitBreach.apply('teller', { severity: 'medium', zoneId: 'teller-line', service: teller, predictedS: 900, targetS: 600, closedCounter: kit.facts.closedCounterFor('teller') });
    expect(kit.alerts.open()).toEqual([expect.objectContaining({ kind: 'wait-breach', suggestion: null })]);
  });
});
