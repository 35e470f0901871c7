/**
 * The waits promised to new tickets, by service and issue time, so that a ticket's observed wait
 * can be compared with what it was told when it was issued.
 *
 * `observeWait` gets no ticket id, only the call time and the wait, so the ticket's issue time is
 * `atMs − waitedS × 1000`. The ticket's own promise is the first one made for its service at or
 * up to a second after that moment (the queue service predicts for a new ticket as soon as it is
 * stored). Only promises are kept, never the predictions boards and views ask for, so this holds
 * at most the tickets of the last `retentionMs` that were not called.
 */
import type { ModelShape, Stratum } from './wait-predictor-calibration.ts';

export interface GivenPrediction {
  atMs: number;
  stratum: Stratum;
  model: ModelShape;
}

/** The ticket's prediction comes at most this long after its issue time. */
const MATCH_WINDOW_MS = 1000;
/** Slack for the floating-point error of `atMs − waitedS × 1000`. */
const ROUNDING_MS = 1;

export class GivenPredictions {
  /** Per service, sorted by `atMs`, at most one per millisecond. */
  private readonly byService = new Map<string, GivenPrediction[]>();

  constructor(private readonly retentionMs: number) {}

  get size(): number {
    let size = 0;
    for (const list of this.byService.values()) size += list.length;
    return size;
  }

  remember(serviceId: string, given: GivenPrediction): void {
    let list = this.byService.get(serviceId);
    if (!list) this.byService.set(serviceId, (list = []));
    const index = lowerBound(list, given.atMs);
    const same = list[index];
    // Keep the first prediction of each millisecond.
    if (!same || same.atMs !== given.atMs) list.splice(index, 0, given);
    const newest = list[list.length - 1]!.atMs;
    const expired = lowerBound(list, newest - this.retentionMs);
    if (expired > 0) list.splice(0, expired);
  }

  /** Takes (and forgets) the first prediction given at or up to a second after `issuedMs`. */
  take(serviceId: string, issuedMs: number): GivenPrediction | undefined {
    const list = this.byService.get(serviceId);
    if (!list) return undefined;
    const index = lowerBound(list, issuedMs - ROUNDING_MS);
    const first = list[index];
    return first && first.atMs <= issuedMs + MATCH_WINDOW_MS ? list.splice(index, 1)[0] : undefined;
  }
}

/** First index whose `atMs` is ≥ `atMs`. */
function lowerBound(list: GivenPrediction[], atMs: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.atMs < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
