/** Runs simulated branch days (`hub/queue/simulate.ts`) back to back with one predictor, as a hub keeps it. */
import { simulateDay } from '../hub/queue/simulate.ts';
import { DEMO_BRANCH_DAY } from '../hub/queue/simulate-scenario.ts';
import { WaitPredictor, type WaitPredictorOptions } from '../hub/queue/wait-predictor.ts';
import type { ScoredTicket } from './wait-metrics.ts';

const DAY_MS = 86_400_000;
/** Day 1 of the simulated days (a Monday); only differences of times matter. */
const FIRST_DAY_MS = Date.UTC(2025, 0, 6);

export interface SimulatedDays {
  scored: ScoredTicket[];
  issued: number;
  served: number;
  left: number;
  /** Still waiting when the branch closed. */
  waitingAtClose: number;
  /** Target wait per service, seconds. */
  targets: Map<string, number>;
}

/** The days do not depend on the predictor (no customer sees it), so its options can be compared on the same days. */
export function simulateDays(days: number, firstSeed: number, options: Partial<WaitPredictorOptions> = {}): SimulatedDays {
  const predictor = new WaitPredictor(options);
  const targets = new Map(DEMO_BRANCH_DAY.services.map((service) => [service.id, service.targetWaitS]));
  const result: SimulatedDays = { scored: [], issued: 0, served: 0, left: 0, waitingAtClose: 0, targets };
  for (let day = 0; day < days; day++) {
    const { tickets } = simulateDay(DEMO_BRANCH_DAY, { seed: firstSeed + day, predictor, dayStartMs: FIRST_DAY_MS + day * DAY_MS });
    for (const ticket of tickets) {
      result.issued++;
      if (ticket.outcome === 'served') result.served++;
      else if (ticket.outcome === 'left') result.left++;
      else result.waitingAtClose++;
      result.scored.push({
        serviceId: ticket.serviceId,
        ...ticket.prediction,
        waitedS: ticket.calledMs === null ? null : (ticket.calledMs - ticket.issuedMs) / 1000,
        leftAfterS: ticket.leftMs === null ? null : (ticket.leftMs - ticket.issuedMs) / 1000,
      });
    }
  }
  return result;
}
