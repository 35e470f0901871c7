/**
 * Opens a `wait-breach` alert for a service as soon as the upper end of the wait predicted for a
 * newcomer passes the service's target wait, before anyone has waited that long, and resolves it
 * when the prediction is back under target or nobody waits. Severity is high once even the
 * expected wait is over. The wait-breach rule (hub/rules) words the alert and suggests a closed
 * counter to open.
 *
 * The alert is raised once per breach: a floor manager who resolves it while the breach lasts is
 * not paged again until the wait has come back under target and broken it anew.
 */
import type { AlertService, Severity } from '../alerts/alert-service.ts';
import type { BranchDirectory } from '../branch/directory.ts';
import { closedCounterFor } from '../rules/branch-facts.ts';
import type { WaitBreach, WaitBreachRule } from '../rules/wait-breach-rule.ts';
import type { EventBus } from '../bus.ts';
import { CoalescedRun } from '../coalesced-run.ts';
import type { Logger } from '../logger.ts';
import type { QueueSnapshot } from './queue-snapshot.ts';

export interface WaitBreachDeps {
  bus: EventBus;
  alerts: Pick<AlertService, 'open'>;
  /** The rule that turns a breach into an alert with its suggestion (hub/rules). */
  rule: Pick<WaitBreachRule, 'apply'>;
  directory: BranchDirectory;
  snapshot: () => Promise<QueueSnapshot>;
  log: Logger;
}

export class WaitBreachWatch {
  /** Services in breach now, with the severity last raised. */
  readonly #breaching = new Map<string, Severity>();
  #unsubscribe: (() => void)[] = [];
  readonly #runner = new CoalescedRun(() => this.#evaluate(), (error) => this.deps.log.error({ err: error }, 'wait-breach check failed'));

  constructor(private readonly deps: WaitBreachDeps) {}

  async start(): Promise<void> {
    for (const alert of this.deps.alerts.open()) {
      if (alert.kind === 'wait-breach' && alert.sourceId) this.#breaching.set(alert.sourceId, alert.severity as Severity);
    }
    const { bus, directory } = this.deps;
    const check = () => void this.check();
    this.#unsubscribe = [
      bus.on('queue.ticket', check),
      bus.on('queue.counter', check),
      bus.on('config.changed', ({ entity }) => void (['service', 'counter', 'zone'].includes(entity) && this.check())),
      bus.on('state.zone', ({ zoneId }) => void (directory.zone(zoneId)?.serviceId && this.check())),
    ];
    await this.check();
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    await this.settled();
  }

  /** Waits for the checks asked for so far. */
  settled(): Promise<void> {
    return this.#runner.settled();
  }

  /** Re-evaluates every service; calls made while one runs coalesce into one more run. */
  check(): Promise<void> {
    return this.#runner.run();
  }

  async #evaluate(): Promise<void> {
    const snapshot = await this.deps.snapshot();
    const present = new Set(snapshot.services.map((service) => service.id));
    for (const serviceId of this.#breaching.keys()) if (!present.has(serviceId)) await this.#update(serviceId, null);
    for (const service of snapshot.services) {
      // With nobody in line there is no wait to breach, only a newcomer's bad luck at a busy counter.
      const prediction = snapshot.waitingCount(service.id) > 0 ? snapshot.predictNewcomer(service.id) : null;
      const severity: Severity | null = !prediction || prediction.highS <= service.targetWaitS ? null : prediction.expectedS > service.targetWaitS ? 'high' : 'medium';
      const breach: WaitBreach | null = severity && prediction ? {
        severity,
        zoneId: this.deps.directory.zones().find((zone) => zone.kind === 'queue' && zone.serviceId === service.id)?.id ?? null,
        service,
        predictedS: prediction.highS,
        targetS: service.targetWaitS,
        closedCounter: closedCounterFor(snapshot.counters, service.id),
      } : null;
      await this.#update(service.id, breach);
    }
  }

  async #update(serviceId: string, breach: WaitBreach | null): Promise<void> {
    const current = this.#breaching.get(serviceId) ?? null;
    const severity = breach?.severity ?? null;
    if (severity === current || (severity === 'medium' && current === 'high')) return;
    if (breach) {
      this.#breaching.set(serviceId, breach.severity);
      await this.deps.rule.apply(serviceId, breach);
    } else {
      this.#breaching.delete(serviceId);
      await this.deps.rule.apply(serviceId, null);
    }
  }
}
