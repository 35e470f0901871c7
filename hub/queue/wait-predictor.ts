/**
 * Predicts how long a ticket will wait, as an interval `{ lowS, expectedS, highS }` meant to hold
 * the real wait about `coverage` (80 %) of the time. Pure and online: no I/O, no clock of its
 * own; the queue service feeds it finished services and called tickets and asks it for ranges.
 *
 * Model. A ticket with n tickets ahead at a service with c counters is called at the (n+1)-th
 * completion among those counters. The first completion is the rest of a service already under
 * way (mean residual of a service in progress, (1 + cv²) ÷ 2 service times, shared by c
 * counters); each further one takes a service time ÷ c. So the wait has mean
 * (n + (1 + cv²) ÷ 2) × m ÷ c, and by the renewal central limit theorem a variance of
 * k × cv² × (m ÷ c)² for k completions, plus the uncertainty of m itself. m and cv come from
 * recent service times (`ServiceTimeStats`, a prior before any data). The interval is the gamma
 * distribution with that mean and variance, then corrected by what real waits showed
 * (`WaitCalibration`): the expected wait becomes the median wait of recent tickets in the same
 * situation (people ahead, idle counters, priority), which is what the staff screen can say.
 *
 * Counters. A counter that also serves other lines shares itself among those with someone
 * waiting (`QueueSnapshot.effectiveCounters`).
 *
 * Giving up. Of the tickets ahead, the recent share of waiting customers who gave up
 * (`observeGiveUp`) leave on average halfway through: the expected wait counts the rest and half
 * of them, the low end only the rest, the high end everyone.
 *
 * Why. `explain` gives what a prediction stands on, for the floor manager's screen.
 *
 * Camera. A camera that sees more people in the service's queue zone than the tickets ahead
 * plus this ticket's holder sees people without a ticket yet (at the kiosk, walk-ins, someone
 * who took a ticket for a friend). Some of them will be served first, some are companions, so
 * the expected wait counts `cameraWeight` (half) of that surplus, the high end all of it and the
 * low end none. A camera never lowers the count below the tickets ahead.
 *
 * Idle counter. When a whole idle counter is left over once the people expected ahead have taken
 * theirs, the ticket waits only for staff to call it: `callDelayS` expected, from 0 to `IDLE_HIGH_RATIO` times
 * that, calibrated like the rest by the waits that follow.
 *
 * No counter open. Nobody knows when one opens: the range spans one counter opening now (low)
 * to a quarter of one counter's pace (high), with half a counter's pace expected.
 */
import { stratumOf, WaitCalibration, type Interval, type ModelShape, type Stratum } from './wait-predictor-calibration.ts';
import { gammaQuantile } from './wait-predictor-math.ts';
import { GivenPredictions } from './wait-predictor-memory.ts';
import { RecentShare, ServiceTimeStats } from './wait-predictor-stats.ts';
import type { WaitBasis } from './schemas.ts';

export interface WaitPredictorOptions {
  /** Mean service time before a service has any data, seconds. */
  priorServiceS: number;
  /** Coefficient of variation of a service time before any data. */
  priorCv: number;
  /** How many services the prior is worth. */
  priorWeight: number;
  /** After this many further services a service time counts half. */
  halfLifeServices: number;
  /** Share of real waits the interval aims to hold. */
  coverage: number;
  /** How far one observed wait moves the point estimate (log units; 0: never). */
  centerStep: number;
  /** How far one observed wait moves the ends of the range (0: never). */
  rangeStep: number;
  /** Share of the camera's extra people (beyond tickets ahead) expected to be served first. */
  cameraWeight: number;
  /** How long given predictions are kept to compare with the waits that follow, ms. */
  retentionMs: number;
  /** Expected wait for a ticket that an idle counter will call at once, seconds. */
  callDelayS: number;
  /** The point estimate is the median wait of this many recent tickets of the same kind (0: the model's mean). */
  recentWaits: number;
}

export const DEFAULT_WAIT_PREDICTOR_OPTIONS: WaitPredictorOptions = {
  priorServiceS: 300,
  priorCv: 0.8,
  priorWeight: 5,
  halfLifeServices: 40,
  coverage: 0.8,
  centerStep: 0.08,
  rangeStep: 0.05,
  cameraWeight: 0.5,
  retentionMs: 12 * 3600_000,
  callDelayS: 30,
  recentWaits: 50,
};

export interface PredictInput {
  serviceId: string;
  /** Tickets that will be served before this one for this service. */
  ahead: number;
  /** Effective open counters for the service (a counter serving k services counts 1/k); may be 0. */
  counters: number;
  /** Latest people count of a camera queue zone linked to the service, or null. */
  cameraCount: number | null;
  /** Open counters for the service with no ticket called or being served right now (default 0). */
  idleCounters?: number;
  /** The ticket has a priority class: fewer later tickets pass it (default false: a normal ticket). */
  priority?: boolean;
  nowMs: number;
}

export type WaitPrediction = Interval;

/** Expected pace when no counter is open, and the slow end of the range, in counters. */
const CLOSED_EXPECTED_COUNTERS = 0.5;
const CLOSED_HIGH_COUNTERS = 0.25;
/** The high end of an idle counter's call delay, in call delays. */
const IDLE_HIGH_RATIO = 4;
/** The share of customers who give up follows about this many recent waiting customers. */
const GIVE_UP_MEMORY = 100;

export class WaitPredictor {
  private readonly options: WaitPredictorOptions;
  private readonly stats = new Map<string, ServiceTimeStats>();
  /** Per service, the recent share of waiting customers who gave up rather than being called. */
  readonly #giveUpShare = new Map<string, RecentShare>();
  private readonly calibration: WaitCalibration;
  private readonly given: GivenPredictions;

  constructor(options: Partial<WaitPredictorOptions> = {}) {
    this.options = { ...DEFAULT_WAIT_PREDICTOR_OPTIONS, ...options };
    const { coverage, centerStep, rangeStep, recentWaits } = this.options;
    this.calibration = new WaitCalibration({ coverage, centerStep, rangeStep, recentWaits });
    this.given = new GivenPredictions(this.options.retentionMs);
  }

  /**
   * A served ticket's service time (start → done), seconds. `atMs` is when it finished; the
   * weighting counts services, not minutes, so a quiet hour does not erase what is known.
   */
  observeService(serviceId: string, durationS: number, atMs: number): void {
    this.serviceStats(serviceId).observe(durationS);
  }

  /**
   * A called ticket's real wait (issue → call), seconds, `atMs` the call time. It is compared
   * with the prediction its ticket was given at its issue time (`atMs − waitedS × 1000`, see
   * `predictForNewTicket`), so pass the unrounded wait.
   */
  observeWait(serviceId: string, waitedS: number, atMs: number): void {
    if (!Number.isFinite(waitedS) || waitedS < 0) return;
    this.#giveUps(serviceId).observe(0);
    const given = this.given.take(serviceId, atMs - waitedS * 1000);
    if (given) this.calibration.learn(serviceId, given.stratum, given.model, waitedS);
  }

  /**
   * A waiting ticket whose customer gave up after `waitedS` seconds, `atMs` when they did. Its
   * promise is dropped (its real wait is unknown), and the share of customers who give up is
   * updated: people ahead who will give up shorten the wait.
   */
  observeGiveUp(serviceId: string, waitedS: number, atMs: number): void {
    if (!Number.isFinite(waitedS) || waitedS < 0) return;
    this.#giveUps(serviceId).observe(1);
    this.given.take(serviceId, atMs - waitedS * 1000);
  }

  /** The predicted wait; remembers nothing (boards, ticket views and rules ask this). */
  predict(input: PredictInput): WaitPrediction {
    return this.#predict(input).interval;
  }

  /**
   * The wait promised to a ticket issued at `input.nowMs`: predicted as `predict` does, and kept
   * (up to `retentionMs`) to be judged against the wait that follows when it is called. Only
   * these promises are kept, so memory grows with tickets, not with how often boards refresh.
   */
  predictForNewTicket(input: PredictInput): WaitPrediction {
    const { interval, stratum, model } = this.#predict(input);
    this.given.remember(input.serviceId, { atMs: input.nowMs, stratum, model });
    return interval;
  }

  /**
   * Why the wait is what `predict` says, in the terms a floor manager acts on: who is ahead,
   * how many counters serve the line and how fast, how many give up, what the camera adds, and
   * what customers in the same situation waited lately (the expected wait stands on that).
   */
  explain(input: PredictInput): WaitBasis {
    const { stratum } = this.#predict(input);
    const ahead = Math.floor(nonNegative(input.ahead));
    const seen = input.cameraCount === null ? null : Math.floor(nonNegative(input.cameraCount));
    return {
      ahead,
      counters: Math.round(nonNegative(input.counters) * 10) / 10,
      serviceS: Math.round(this.serviceStats(input.serviceId).meanS),
      giveUpShare: Math.round(this.#giveUps(input.serviceId).share * 100) / 100,
      cameraExtra: seen === null ? 0 : Math.max(0, seen - ahead - 1),
      similar: this.calibration.similar(input.serviceId, stratum),
    };
  }

  /** Tickets' promises not yet judged (called tickets are judged; others expire after `retentionMs`). */
  get pendingPromises(): number {
    return this.given.size;
  }

  #predict(input: PredictInput): { interval: WaitPrediction; stratum: Stratum; model: ModelShape } {
    const ahead = Math.floor(nonNegative(input.ahead));
    const counters = nonNegative(input.counters);
    const seen = input.cameraCount === null ? null : Math.floor(nonNegative(input.cameraCount));
    const surplus = seen === null ? 0 : Math.max(0, seen - ahead - 1);
    const stats = this.serviceStats(input.serviceId);
    const tail = (1 - this.options.coverage) / 2;

    const open = counters > 0;
    // Of those ahead, the share who will give up leaves on average halfway through the wait.
    const givingUp = this.#giveUps(input.serviceId).share;
    const queued = ahead * (1 - givingUp / 2) + this.options.cameraWeight * surplus;
    const spareCounters = open ? Math.floor(nonNegative(nonNegative(input.idleCounters ?? 0) - queued)) : 0;
    const stratum = stratumOf({ ahead, spareCounters, priority: input.priority === true });
    if (spareCounters > 0) {
      const model: ModelShape = { meanS: this.options.callDelayS, lowRatio: 0, highRatio: IDLE_HIGH_RATIO };
      return { interval: rounded(this.calibration.apply(input.serviceId, stratum, model)), stratum, model };
    }
    const expectedCounters = open ? counters : CLOSED_EXPECTED_COUNTERS;
    const mean = this.waitMoments(stats, queued, expectedCounters).mean;
    const low = this.waitMoments(stats, ahead * (1 - givingUp), open ? counters : 1);
    const high = this.waitMoments(stats, ahead + surplus, open ? counters : CLOSED_HIGH_COUNTERS);
    const model: ModelShape = {
      meanS: mean,
      // Counters call whenever someone waits, so with anyone ahead every counter is busy; with
      // no one ahead a counter may be free, and the honest low end is being called at once.
      lowRatio: ahead === 0 ? 0 : gammaQuantile(low.mean, low.sd, tail) / mean,
      highRatio: gammaQuantile(high.mean, high.sd, 1 - tail) / mean,
    };
    return { interval: rounded(this.calibration.apply(input.serviceId, stratum, model)), stratum, model };
  }

  /** Mean and sd of the time until the service under way and `ahead` more end, at `counters` counters. */
  private waitMoments(stats: ServiceTimeStats, ahead: number, counters: number): { mean: number; sd: number } {
    const m = stats.meanS;
    const cv = stats.cv;
    const completions = ahead + (1 + cv * cv) / 2;
    const mean = (completions * m) / counters;
    const serviceVariance = completions * (cv * m / counters) ** 2;
    const estimateVariance = (mean * cv) ** 2 / stats.evidence;
    return { mean, sd: Math.sqrt(serviceVariance + estimateVariance) };
  }

  #giveUps(serviceId: string): RecentShare {
    let share = this.#giveUpShare.get(serviceId);
    if (!share) this.#giveUpShare.set(serviceId, (share = new RecentShare(GIVE_UP_MEMORY)));
    return share;
  }

  private serviceStats(serviceId: string): ServiceTimeStats {
    let stats = this.stats.get(serviceId);
    if (!stats) {
      const { priorServiceS, priorCv, priorWeight, halfLifeServices } = this.options;
      stats = new ServiceTimeStats({ meanS: priorServiceS, cv: priorCv, weight: priorWeight, halfLife: halfLifeServices });
      this.stats.set(serviceId, stats);
    }
    return stats;
  }
}

/** A count from the caller; anything not a finite non-negative number counts as 0. */
function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Whole seconds, ordered low ≤ expected ≤ high. */
function rounded(interval: Interval): Interval {
  const expectedS = Math.round(interval.expectedS);
  return {
    lowS: Math.min(Math.round(interval.lowS), expectedS),
    expectedS,
    highS: Math.max(Math.round(interval.highS), expectedS),
  };
}
