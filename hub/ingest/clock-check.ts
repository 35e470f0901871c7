/**
 * A device's clock, checked against the hub's as its events arrive. Events are stamped by the
 * device (`time`); a clock that is wrong by hours would put a queue count in the wrong hour of the
 * experience log and, when ahead, make the live state keep that count over every newer one until
 * the device's "future" passes.
 *
 * - **Ahead**: nothing can happen after it arrives, so an event whose `time` is more than
 *   `toleranceMs` after its arrival is kept with its arrival time instead (`time` = `receivedAt`).
 * - **Behind**: an old `time` is normal — an outbox delivers events late by design — so it is
 *   kept. Only a live status (`online: true`, published on connecting, never queued) shows a slow
 *   clock; it is reported, not corrected (a hub reading its external broker's backlog sees the same).
 *
 * Either way the event is counted in `tp_events_clock_skew_total{direction}`, the source's verdict
 * (`clockSkewS`, seconds, + ahead / − behind) rides on the stored event to the live state (the
 * node's `clockSkewS` in /state), and a change of verdict is logged once.
 */
import { Counter } from 'prom-client';
import type { CloudEvent } from '../../protocol/envelope.ts';
import type { TopicParts } from '../../protocol/topics.ts';
import type { Logger } from '../logger.ts';
import type { HubMetrics } from '../metrics.ts';

/** How far a device's clock may be off before the hub treats it as wrong. */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

export interface ClockVerdict {
  /** The event as the hub keeps it (a copy with `time` = arrival when the clock was ahead). */
  event: CloudEvent;
  /**
   * Seconds the source's clock is off: > 0 ahead (time replaced), < 0 behind (live status only),
   * 0 not found wrong by this event; undefined when the event says nothing about it (a last will,
   * whose time is when the node connected).
   */
  clockSkewS?: number;
}

export class ClockCheck {
  readonly #skewed: Counter<'direction'>;
  readonly #toleranceMs: number;
  /** The last verdict logged per source, so a wrong clock is logged when found and when fixed. */
  readonly #logged = new Map<string, 'ahead' | 'behind'>();

  constructor(private readonly deps: { metrics: Pick<HubMetrics, 'registry'>; log: Logger; toleranceMs?: number }) {
    this.#toleranceMs = deps.toleranceMs ?? CLOCK_TOLERANCE_MS;
    const registry = deps.metrics.registry;
    // One per hub's registry, shared by every ingest on it.
    this.#skewed = (registry.getSingleMetric('tp_events_clock_skew_total') as Counter<'direction'> | undefined) ?? new Counter({
      name: 'tp_events_clock_skew_total',
      help: `Events whose source's clock was off by more than ${this.#toleranceMs / 1000} s: ahead (stored with their arrival time) or behind (a live status; reported only)`,
      labelNames: ['direction'] as const,
      registers: [registry],
    });
    for (const direction of ['ahead', 'behind']) this.#skewed.inc({ direction }, 0);
  }

  check(event: CloudEvent, topic: TopicParts, receivedAt: Date): ClockVerdict {
    const offsetMs = Date.parse(event.time) - receivedAt.getTime();
    const source = `${topic.sourceKind}/${topic.sourceId}`;
    if (offsetMs > this.#toleranceMs) {
      this.#skewed.inc({ direction: 'ahead' });
      const clockSkewS = Math.round(offsetMs / 1000);
      this.#note(source, 'ahead', { claimedTime: event.time, clockSkewS });
      return { event: { ...event, time: receivedAt.toISOString() }, clockSkewS };
    }
    const status = event.type === 'tp.edge.status' ? (event.data as { online?: boolean }) : null;
    if (status && !status.online) return { event };
    if (status && -offsetMs > this.#toleranceMs) {
      this.#skewed.inc({ direction: 'behind' });
      const clockSkewS = Math.round(offsetMs / 1000);
      this.#note(source, 'behind', { claimedTime: event.time, clockSkewS });
      return { event, clockSkewS };
    }
    // An event in time clears "ahead"; only a live status clears "behind" (an old event may just be late).
    if (this.#logged.get(source) === 'ahead' || (status && this.#logged.has(source))) this.#note(source, null, {});
    return { event, clockSkewS: 0 };
  }

  #note(source: string, verdict: 'ahead' | 'behind' | null, fields: Record<string, unknown>): void {
    if ((this.#logged.get(source) ?? null) === verdict) return;
    if (verdict) {
      this.#logged.set(source, verdict);
      this.deps.log.warn({ source, ...fields }, verdict === 'ahead'
        ? "a device's clock is ahead: its events are stored with their arrival time"
        : "a device's clock is behind (its live status is old): its events keep their own time");
    } else {
      this.#logged.delete(source);
      this.deps.log.info({ source }, "a device's clock is right again");
    }
  }
}
