/**
 * A distress sign (`tp.distress.detected`) opens an alert for its zone and kind when its kind is
 * enabled and the sign is severe enough; a repeat while it is open raises its severity, and after
 * it closes the same sign is ignored for the cool-down, so one situation is one alert.
 */
import type { EventData } from '../../protocol/events.ts';
import type { AlertService } from '../alerts/alert-service.ts';
import type { StoredEvent } from '../bus.ts';
import { distressReason } from './alert-text.ts';
import type { BranchFactsView } from './branch-facts.ts';
import { DISTRESS_RULE_PREFIX, distressRuleFor, SEVERITY_RANK, type RuleSet } from './rule-set.ts';

export interface DistressRuleDeps {
  alerts: Pick<AlertService, 'raise'>;
  facts: BranchFactsView;
  rules: () => RuleSet;
}

export class DistressRule {
  constructor(private readonly deps: DistressRuleDeps) {}

  async onEvent({ event, topic }: StoredEvent): Promise<void> {
    if (event.type !== 'tp.distress.detected') return;
    const sign = event.data as EventData<'tp.distress.detected'>;
    const rule = distressRuleFor(this.deps.rules(), sign.zoneId, sign.kind);
    if (!rule.enabled || SEVERITY_RANK[sign.severity] < SEVERITY_RANK[rule.minSeverity]) return;
    await this.deps.alerts.raise({
      dedupKey: `distress:${sign.zoneId}:${sign.kind}`,
      ruleId: `${DISTRESS_RULE_PREFIX}${sign.kind}`,
      kind: sign.kind,
      severity: sign.severity,
      zoneId: sign.zoneId,
      sourceId: topic.sourceId,
      needsPerson: rule.needsPerson,
      reason: distressReason(sign.kind, sign.severity, this.deps.facts.zone(sign.zoneId), sign.zoneId),
      suggestion: null,
      openedEventId: event.id,
      cooldownS: rule.cooldownS,
    });
  }
}
