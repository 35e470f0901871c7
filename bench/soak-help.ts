/**
 * Help requests and falls the cameras report, followed to the floor's `alert` push and to the
 * first `dispatch` offer on a staff phone. The rules keep one alert per zone and kind, and ignore
 * the same sign for `cooldownS` after it closed, so only a sign sent into a zone with no such
 * alert open or cooling down opens a new one: only those are timed ("measured"); the others are
 * load. Alerts are known from the floor tablet's pushes.
 */
import type { AlertState } from '../hub/bus.ts';
import type { DispatchView } from '../hub/dispatch/types.ts';
import type { Latencies } from './soak-stats.ts';

export const MEASURED_KINDS = ['help-request', 'fall'] as const;
export type MeasuredKind = (typeof MEASURED_KINDS)[number];

interface Pending {
  kind: MeasuredKind;
  zoneId: string;
  sentAt: number;
  alertId: string | null;
  offered: boolean;
  escalated: boolean;
}

/** Margin over the cool-down, for the time a close takes to reach the tablet. */
const MARGIN_MS = 2_000;

export class HelpTracker {
  #pending: Pending[] = [];
  #openAlert = new Map<string, string>();
  #closedAt = new Map<string, number>();
  #byAlert = new Map<string, Pending>();
  offersSeen = 0;

  constructor(private readonly deps: { cooldownS: Record<MeasuredKind, number>; latencies: Latencies }) {}

  /** A zone where a sign of `kind` would open a new alert now, or null. */
  freeZone(kind: MeasuredKind, zones: readonly string[], pick: (zones: string[]) => string): string | null {
    const now = performance.now();
    const free = zones.filter((zoneId) => {
      const key = `${kind}|${zoneId}`;
      if (this.#openAlert.has(key) || this.#pending.some((p) => p.kind === kind && p.zoneId === zoneId && p.alertId === null)) return false;
      return now - (this.#closedAt.get(key) ?? -Infinity) > this.deps.cooldownS[kind] * 1000 + MARGIN_MS;
    });
    return free.length ? pick(free) : null;
  }

  /** A sign of `kind` was published into a free zone at `sentAt`. */
  measured(kind: MeasuredKind, zoneId: string, sentAt: number): void {
    if (this.deps.latencies.recording) this.#pending.push({ kind, zoneId, sentAt, alertId: null, offered: false, escalated: false });
  }

  /** The floor tablet's `alert` push. */
  onAlert(alert: AlertState): void {
    if (!(MEASURED_KINDS as readonly string[]).includes(alert.kind) || !alert.zoneId) return;
    const key = `${alert.kind}|${alert.zoneId}`;
    if (alert.status === 'resolved') {
      this.#openAlert.delete(key);
      this.#closedAt.set(key, performance.now());
      return;
    }
    if (this.#openAlert.get(key) === alert.id) return;
    this.#openAlert.set(key, alert.id);
    const pending = this.#pending.find((p) => p.kind === alert.kind && p.zoneId === alert.zoneId && p.alertId === null);
    if (!pending) return;
    pending.alertId = alert.id;
    this.#byAlert.set(alert.id, pending);
    this.deps.latencies.add(`${alert.kind} → floor alert`, performance.now() - pending.sentAt);
  }

  /** A staff phone's `dispatch` push (or the floor's, for escalations). */
  onDispatch(view: DispatchView): void {
    const pending = this.#byAlert.get(view.alertId);
    if (!pending) return;
    if (view.status === 'offered' && !pending.offered) {
      pending.offered = true;
      this.offersSeen++;
      this.deps.latencies.add(`${pending.kind} → staff offer`, performance.now() - pending.sentAt);
    }
    if (view.status === 'escalated') pending.escalated = true;
  }

  report(): { measured: number; alerted: number; offered: number; escalatedOnly: number; noAlert: number; noOffer: number } {
    const measured = this.#pending.length;
    const alerted = this.#pending.filter((p) => p.alertId !== null).length;
    const offered = this.#pending.filter((p) => p.offered).length;
    const escalatedOnly = this.#pending.filter((p) => !p.offered && p.escalated).length;
    return { measured, alerted, offered, escalatedOnly, noAlert: measured - alerted, noOffer: alerted - offered - escalatedOnly };
  }
}
