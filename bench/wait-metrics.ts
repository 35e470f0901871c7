/**
 * Scores wait predictions against what happened: the median absolute error of the expected wait
 * and the share of real waits inside the predicted range, overall and per service. A ticket
 * whose customer gave up has no real wait, only a lower bound (they had waited at least that
 * long), so those are counted apart: how many, and how many had already waited past the high end.
 */
import { percentile } from './lib.ts';

export interface ScoredTicket {
  serviceId: string;
  lowS: number;
  expectedS: number;
  highS: number;
  /** Issue → call, seconds; null when the customer gave up or was never called. */
  waitedS: number | null;
  /** Issue → giving up, seconds, when they gave up. */
  leftAfterS: number | null;
}

export interface WaitScore {
  served: number;
  /** Mean |actual − expected|, minutes. */
  maeMin: number;
  /** Root mean square of actual − expected, minutes. */
  rmseMin: number;
  /** Median |actual − expected|, minutes. */
  medianAbsErrorMin: number;
  /** 90th percentile of |actual − expected|, minutes. */
  p90AbsErrorMin: number;
  /** Share of served tickets whose wait was within [low, high]. */
  inside: number;
  /** Share below the low end and above the high end. */
  below: number;
  above: number;
  /** Median real wait, minutes, for scale. */
  medianWaitMin: number;
  /** Median width of the range (high − low), minutes. */
  medianWidthMin: number;
  left: number;
  /** Share of those who gave up who had already waited longer than the high end. */
  leftPastHigh: number;
}

export function scoreWaits(tickets: readonly ScoredTicket[]): WaitScore {
  const served = tickets.filter((t) => t.waitedS !== null);
  const errors = served.map((t) => Math.abs(t.waitedS! - t.expectedS) / 60).sort((a, b) => a - b);
  const waits = served.map((t) => t.waitedS! / 60).sort((a, b) => a - b);
  const widths = served.map((t) => (t.highS - t.lowS) / 60).sort((a, b) => a - b);
  const mean = (values: readonly number[]) => (values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : Number.NaN);
  const share = (n: number) => (served.length > 0 ? n / served.length : Number.NaN);
  const left = tickets.filter((t) => t.leftAfterS !== null);
  return {
    served: served.length,
    maeMin: mean(errors),
    rmseMin: Math.sqrt(mean(errors.map((error) => error * error))),
    medianAbsErrorMin: percentile(errors, 50),
    p90AbsErrorMin: percentile(errors, 90),
    inside: share(served.filter((t) => t.waitedS! >= t.lowS && t.waitedS! <= t.highS).length),
    below: share(served.filter((t) => t.waitedS! < t.lowS).length),
    above: share(served.filter((t) => t.waitedS! > t.highS).length),
    medianWaitMin: percentile(waits, 50),
    medianWidthMin: percentile(widths, 50),
    left: left.length,
    leftPastHigh: left.length > 0 ? left.filter((t) => t.leftAfterS! > t.highS).length / left.length : Number.NaN,
  };
}

/** Scores per service, in first-seen order. */
export function scoreByService(tickets: readonly ScoredTicket[]): Array<{ serviceId: string; score: WaitScore }> {
  const groups = new Map<string, ScoredTicket[]>();
  for (const ticket of tickets) {
    let group = groups.get(ticket.serviceId);
    if (!group) groups.set(ticket.serviceId, (group = []));
    group.push(ticket);
  }
  return [...groups].map(([serviceId, group]) => ({ serviceId, score: scoreWaits(group) }));
}
