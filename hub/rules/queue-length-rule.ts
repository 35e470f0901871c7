/**
 * A long line in a queue zone: `openAtPeople` or more for `openForS` opens one `long-queue` alert
 * for the zone (medium; high at twice as many), with a suggestion to open a closed counter that
 * serves the zone's service. It closes by itself once the line has stayed shorter than
 * `closeBelowPeople` for `closeForS` — the gap between the two keeps a line hovering at the
 * threshold from opening and closing alerts over and over.
 *
 * The line is the larger of the camera's count (when recent) and the tickets waiting for the
 * service: people who took a ticket and sat down are in line too. A situation lasts until the
 * line is short again, even if the floor manager resolved its alert meanwhile: it is not raised
 * twice.
 */
import type { AlertService } from '../alerts/alert-service.ts';
import type { ZoneState } from '../state/live-state.ts';
import { longQueueReason, longQueueSuggestion } from './alert-text.ts';
import type { BranchFactsView, NamedZone } from './branch-facts.ts';
import { queueLengthRuleFor, RULE_IDS, type RuleSet } from './rule-set.ts';

export interface QueueLengthDeps {
  alerts: Pick<AlertService, 'raise' | 'clear' | 'isOpen' | 'openKeys'>;
  facts: BranchFactsView;
  zones: () => ZoneState[];
  rules: () => RuleSet;
  /** A camera count older than this is not used: the camera may be off. */
  cameraMaxAgeMs: number;
}

const keyOf = (zoneId: string) => `${RULE_IDS.queueLength}:${zoneId}`;

export class QueueLengthRule {
  /** Zones whose line is long now (an alert was raised and the line has not cleared). */
  readonly #long = new Set<string>();
  /** When the line started meeting the condition that would change its state. */
  readonly #since = new Map<string, number>();

  constructor(private readonly deps: QueueLengthDeps) {}

  /** Resumes the situations whose alerts are still open (after a restart). */
  restore(): void {
    for (const key of this.deps.alerts.openKeys(RULE_IDS.queueLength)) this.#long.add(key.slice(RULE_IDS.queueLength.length + 1));
  }

  async evaluate(nowMs: number): Promise<void> {
    const counts = new Map(this.deps.zones().map((zone) => [zone.zoneId, zone]));
    for (const zone of this.deps.facts.zones()) {
      if (zone.kind !== 'queue') continue;
      const people = this.#people(zone, counts.get(zone.id), nowMs);
      await this.#evaluateZone(zone, people, nowMs);
    }
  }

  async #evaluateZone(zone: NamedZone, people: number, nowMs: number): Promise<void> {
    const rule = queueLengthRuleFor(this.deps.rules(), zone.id);
    const key = keyOf(zone.id);
    const long = this.#long.has(zone.id);
    if (!rule.enabled) {
      if (long) await this.#end(zone.id);
      return;
    }
    const changing = long ? people < rule.closeBelowPeople : people >= rule.openAtPeople;
    if (!changing) {
      this.#since.delete(zone.id);
      // Still long: a line twice the threshold makes the open alert high.
      if (long && people >= 2 * rule.openAtPeople && this.deps.alerts.isOpen(key)) await this.#raise(zone, people, rule.openForS, rule.needsPerson, 'high');
      return;
    }
    // A start after now: the clock went back since; the condition counts from now.
    const since = Math.min(this.#since.get(zone.id) ?? nowMs, nowMs);
    this.#since.set(zone.id, since);
    if (nowMs - since < (long ? rule.closeForS : rule.openForS) * 1000) return;
    this.#since.delete(zone.id);
    if (long) return this.#end(zone.id);
    this.#long.add(zone.id);
    await this.#raise(zone, people, rule.openForS, rule.needsPerson, people >= 2 * rule.openAtPeople ? 'high' : 'medium');
  }

  async #raise(zone: NamedZone, people: number, forS: number, needsPerson: boolean, severity: 'medium' | 'high'): Promise<void> {
    const service = zone.serviceId ? this.deps.facts.service(zone.serviceId) : undefined;
    const counter = zone.serviceId ? this.deps.facts.closedCounterFor(zone.serviceId) : undefined;
    await this.deps.alerts.raise({
      dedupKey: keyOf(zone.id),
      ruleId: RULE_IDS.queueLength,
      kind: 'long-queue',
      severity,
      zoneId: zone.id,
      sourceId: zone.serviceId,
      needsPerson,
      reason: longQueueReason(zone, people, forS),
      suggestion: counter ? longQueueSuggestion(counter, zone, service, people) : null,
    });
  }

  async #end(zoneId: string): Promise<void> {
    this.#long.delete(zoneId);
    this.#since.delete(zoneId);
    await this.deps.alerts.clear(keyOf(zoneId));
  }

  #people(zone: NamedZone, seen: ZoneState | undefined, nowMs: number): number {
    const fresh = seen?.count != null && seen.updatedAt !== null && nowMs - Date.parse(seen.updatedAt) <= this.deps.cameraMaxAgeMs;
    const camera = fresh ? seen!.count! : 0;
    const tickets = zone.serviceId ? (this.deps.facts.service(zone.serviceId)?.waiting ?? 0) : 0;
    return Math.max(camera, tickets);
  }
}
