/**
 * Queue analyzer: per queue zone, a smoothed head count (the count seen most often over the window), each person's dwell, and an estimated
 * wait for someone joining now. Published as tp.queue.observed when the count changes, and at least
 * every `publishEveryS`.
 *
 * Wait estimate, best evidence first:
 *  1. observed service: people leaving the zone after queueing, over the last 15 minutes →
 *     count × (time ÷ departures), i.e. the recent service time per person;
 *  2. dwell-based: the median time recent leavers spent in the queue;
 *  3. the configured prior service time per person × count.
 */
import type { EventData } from '../../protocol/events.ts';
import type { Departure, Presence } from './occupancy.ts';

export interface QueueSettings {
  windowS: number;
  publishEveryS: number;
  serviceTimeS: number;
}

const SERVICE_WINDOW_MS = 15 * 60_000;
/** Shorter stays are passers-by, not people who queued and were served. */
const MIN_QUEUE_DWELL_S = 20;
const METHOD_CONFIDENCE = { observed: 1, dwell: 0.8, prior: 0.6 } as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export class QueueAnalyzer {
  #samples: { tMs: number; count: number; score: number }[] = [];
  #departures: Departure[] = [];
  #startedMs: number | null = null;
  #published: { count: number; tMs: number } | null = null;

  constructor(
    readonly zoneId: string,
    private readonly settings: QueueSettings,
  ) {}

  /** This frame's people in the zone and who left it; returns an event to publish, if any. */
  update(present: readonly Presence[], departures: readonly Departure[], tMs: number): EventData<'tp.queue.observed'> | null {
    this.#startedMs ??= tMs;
    const meanScore = present.length ? present.reduce((sum, p) => sum + p.score, 0) / present.length : 1;
    this.#samples.push({ tMs, count: present.length, score: meanScore });
    const windowStart = tMs - this.settings.windowS * 1000;
    while (this.#samples.length > 1 && this.#samples[0]!.tMs < windowStart) this.#samples.shift();
    for (const departure of departures) if (departure.dwellS >= MIN_QUEUE_DWELL_S) this.#departures.push(departure);
    while (this.#departures.length && this.#departures[0]!.atMs < tMs - SERVICE_WINDOW_MS) this.#departures.shift();

    const count = this.#mostSeenCount();
    const due = !this.#published || count !== this.#published.count || tMs - this.#published.tMs >= this.settings.publishEveryS * 1000;
    if (!due) return null;
    this.#published = { count, tMs };
    const { waitS, method } = this.#waitEstimate(count, tMs);
    const stability = this.#stability(count);
    const detectionScore = median(this.#samples.map((s) => s.score));
    return {
      zoneId: this.zoneId,
      count,
      waitEstimateS: Math.round(waitS),
      confidence: Math.round(Math.min(1, METHOD_CONFIDENCE[method] * stability * (0.5 + detectionScore / 2)) * 100) / 100,
      windowS: this.settings.windowS,
    };
  }

  #waitEstimate(count: number, tMs: number): { waitS: number; method: keyof typeof METHOD_CONFIDENCE } {
    if (count === 0) return { waitS: 0, method: 'observed' };
    const observedMs = Math.min(SERVICE_WINDOW_MS, tMs - this.#startedMs!);
    if (this.#departures.length >= 3 && observedMs > 0) {
      return { waitS: (count * observedMs) / 1000 / this.#departures.length, method: 'observed' };
    }
    if (this.#departures.length > 0) return { waitS: median(this.#departures.map((d) => d.dwellS)), method: 'dwell' };
    return { waitS: count * this.settings.serviceTimeS, method: 'prior' };
  }

  /** The count seen most often in the window (ties go to the latest): a step change moves it at once, a flicker never. */
  #mostSeenCount(): number {
    const seen = new Map<number, number>();
    for (const sample of this.#samples) seen.set(sample.count, (seen.get(sample.count) ?? 0) + 1);
    let best = this.#samples.at(-1)!.count;
    for (const sample of [...this.#samples].reverse()) if (seen.get(sample.count)! > seen.get(best)!) best = sample.count;
    return best;
  }

  /** Share of the window's samples that agree with the published count. */
  #stability(count: number): number {
    return this.#samples.filter((s) => s.count === count).length / this.#samples.length;
  }
}
