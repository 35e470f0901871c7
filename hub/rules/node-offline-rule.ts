/**
 * An edge node or kiosk that goes offline (its status, or its MQTT last will, says
 * `online: false`) opens one `<kind>-offline` alert; it closes by itself when the device is back.
 */
import type { EventData } from '../../protocol/events.ts';
import type { AlertService } from '../alerts/alert-service.ts';
import type { StoredEvent } from '../bus.ts';
import { nodeOfflineReason } from './alert-text.ts';
import { RULE_IDS, type RuleSet } from './rule-set.ts';

export class NodeOfflineRule {
  constructor(private readonly deps: { alerts: Pick<AlertService, 'raise' | 'clear'>; rules: () => RuleSet }) {}

  async onEvent({ event, topic }: StoredEvent): Promise<void> {
    if (event.type !== 'tp.edge.status') return;
    const key = `offline:${topic.sourceKind}:${topic.sourceId}`;
    const rule = this.deps.rules().node;
    if ((event.data as EventData<'tp.edge.status'>).online || !rule.enabled) {
      await this.deps.alerts.clear(key);
      return;
    }
    await this.deps.alerts.raise({
      dedupKey: key, ruleId: RULE_IDS.node, kind: `${topic.sourceKind}-offline`, severity: 'medium', zoneId: null, sourceId: topic.sourceId,
      needsPerson: rule.needsPerson, reason: nodeOfflineReason(topic.sourceKind, topic.sourceId), suggestion: null, openedEventId: event.id,
    });
  }
}
