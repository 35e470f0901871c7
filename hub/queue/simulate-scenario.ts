/**
 * What a simulated branch day is made of, and a default day shaped like the demo branch
 * (`hub/branch/demo-branch.json`): its four services and five counters, a morning and a lunch
 * peak, staff lunch breaks covered by a counter that opens only around noon and late afternoon.
 */
import type { FairnessPolicy, PriorityClass } from './policy.ts';

export interface SimService {
  id: string;
  /** Ticket number prefix, as in the branch file. */
  prefix: string;
  targetWaitS: number;
  /** Service times are lognormal with this mean (seconds) and coefficient of variation. */
  meanServiceS: number;
  serviceCv: number;
  /** Share of arriving customers who come for this service. */
  share: number;
}

/** Minutes after branch-local midnight. */
export interface SimShift {
  fromMin: number;
  toMin: number;
}

export interface SimCounter {
  id: string;
  serviceIds: string[];
  /** When the counter is open; a counter finishes its customer before it closes. */
  shifts: SimShift[];
}

/** The arrival rate is linear between these points (customers per hour). */
export interface ArrivalPoint {
  atMin: number;
  perHour: number;
}

export interface BranchDayScenario {
  /** Tickets are issued and called from `openMin` to `closeMin`. */
  openMin: number;
  closeMin: number;
  services: SimService[];
  counters: SimCounter[];
  arrivals: ArrivalPoint[];
  /** Relative spread (sd ÷ mean) of a day's volume: some days are busier than others. */
  dayVolumeCv: number;
  priorityMix: Record<PriorityClass, number>;
  /** How long a customer waits before giving up: lognormal, seconds. */
  patience: { meanS: number; cv: number };
  policy: FairnessPolicy;
}

const at = (hours: number, minutes = 0) => hours * 60 + minutes;

export const DEMO_BRANCH_DAY: BranchDayScenario = {
  openMin: at(9),
  closeMin: at(17),
  services: [
    { id: 'teller', prefix: 'A', targetWaitS: 600, meanServiceS: 300, serviceCv: 0.7, share: 0.58 },
    { id: 'accounts', prefix: 'B', targetWaitS: 900, meanServiceS: 600, serviceCv: 0.6, share: 0.2 },
    { id: 'fx', prefix: 'C', targetWaitS: 900, meanServiceS: 420, serviceCv: 0.8, share: 0.15 },
    { id: 'wealth', prefix: 'V', targetWaitS: 1200, meanServiceS: 1200, serviceCv: 0.5, share: 0.07 },
  ],
  counters: [
    { id: 'c1', serviceIds: ['teller', 'accounts'], shifts: [{ fromMin: at(9), toMin: at(13) }, { fromMin: at(13, 45), toMin: at(17) }] },
    { id: 'c2', serviceIds: ['teller'], shifts: [{ fromMin: at(9), toMin: at(12) }, { fromMin: at(12, 45), toMin: at(17) }] },
    { id: 'c3', serviceIds: ['teller', 'fx'], shifts: [{ fromMin: at(11, 30), toMin: at(14) }, { fromMin: at(15, 30), toMin: at(17) }] },
    { id: 'c4', serviceIds: ['accounts', 'fx'], shifts: [{ fromMin: at(9), toMin: at(17) }] },
    { id: 'vip1', serviceIds: ['wealth'], shifts: [{ fromMin: at(9), toMin: at(12, 30) }, { fromMin: at(13, 30), toMin: at(17) }] },
  ],
  arrivals: [
    { atMin: at(9), perHour: 30 },
    { atMin: at(9, 45), perHour: 46 },
    { atMin: at(10, 45), perHour: 30 },
    { atMin: at(11, 45), perHour: 28 },
    { atMin: at(12, 30), perHour: 44 },
    { atMin: at(13, 30), perHour: 30 },
    { atMin: at(15), perHour: 22 },
    { atMin: at(16, 15), perHour: 32 },
    { atMin: at(17), perHour: 16 },
  ],
  dayVolumeCv: 0.15,
  priorityMix: { normal: 0.8, assisted: 0.06, vip: 0.07, appointment: 0.07 },
  patience: { meanS: 40 * 60, cv: 0.6 },
  policy: { priorityRatio: 2, maxWaitS: { appointment: 600, assisted: 900, vip: 900, normal: 3600 } },
};

/** The arrival rate at `minute`, customers per hour (0 outside the points). */
export function arrivalRate(points: readonly ArrivalPoint[], minute: number): number {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (minute >= a.atMin && minute <= b.atMin) {
      return a.perHour + ((b.perHour - a.perHour) * (minute - a.atMin)) / (b.atMin - a.atMin || 1);
    }
  }
  return 0;
}
