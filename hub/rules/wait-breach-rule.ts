/**
 * The rule side of a wait breach (detected by hub/queue/wait-breach.ts): one `wait-breach` alert
 * per service while the predicted wait is over its target, suggesting a closed counter that serves
 * the service, naming the predicted and target minutes. Closes by itself when the breach ends.
 */
import type { AlertService, Severity } from '../alerts/alert-service.ts';
import type { CounterInfo } from '../queue/queue-snapshot.ts';
import { waitBreachReason, waitBreachSuggestion } from './alert-text.ts';
import { RULE_IDS, type RuleSet } from './rule-set.ts';

export interface WaitBreach {
  severity: Severity;
  /** The service's queue zone, if it has one. */
  zoneId: string | null;
  service: { nameEn: string; nameZh: string } | undefined;
  predictedS: number;
  targetS: number;
  /** A closed counter that serves the service: the one to suggest opening. */
  closedCounter: CounterInfo | undefined;
}

export class WaitBreachRule {
  constructor(private readonly deps: { alerts: Pick<AlertService, 'raise' | 'clear'>; rules: () => RuleSet }) {}

  /** A breach starts or worsens (raise), or ends (null: the alert closes by itself). */
  async apply(serviceId: string, breach: WaitBreach | null): Promise<void> {
    const key = `${RULE_IDS.waitBreach}:${serviceId}`;
    const rule = this.deps.rules().waitBreach;
    if (!breach || !rule.enabled) {
      await this.deps.alerts.clear(key);
      return;
    }
    const { severity, zoneId, service, predictedS, targetS, closedCounter } = breach;
    await this.deps.alerts.raise({
      dedupKey: key, ruleId: RULE_IDS.waitBreach, kind: 'wait-breach', severity, zoneId, sourceId: serviceId, needsPerson: rule.needsPerson,
      reason: waitBreachReason(service, serviceId, predictedS, targetS),
      suggestion: closedCounter ? waitBreachSuggestion(closedCounter, service, serviceId, predictedS, targetS) : null,
    });
  }
}
