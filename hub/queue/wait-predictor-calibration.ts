/**
 * Calibration of the wait predictor from the waits that really happened.
 *
 * The model's interval assumes service times are the only randomness; real queues also have
 * counters that pause, staff on a break, priority tickets that pass, people ahead who give up. So
 * the waits that followed are the evidence, kept per kind of wait (its "stratum", see
 * `stratumOf`): how many are ahead, how many counters stand idle when no one is, and whether the
 * ticket has priority.
 *
 * - The point estimate is the median wait of the last `recentWaits` tickets of the same kind
 *   (the median minimises the absolute error): "the last 50 customers with two ahead of them
 *   waited a median of 3 min". When the model's mean now differs from its usual value for those
 *   tickets by more than ×/÷ 4 (counters closed, a crowd on camera), the median follows the part
 *   beyond that. Until there are `MIN_RECENT` of them, it is the model's mean times a factor that
 *   tracks the median of actual ÷ predicted.
 * - The two ends of the range move online (adaptive conformal inference, Gibbs & Candès 2021)
 *   until the share of waits outside the range settles at 1 − coverage, half below and half
 *   above; when the low end cannot miss (it is 0, "you may be called at once") the high end takes
 *   the whole miss budget, so the range is no wider than it must be. Misses are judged in whole
 *   seconds, as the customer sees the range. Where most waits are 0 a range of 0 to 0 already
 *   holds more than `coverage`; the other kinds' high ends take the budget left over, so the
 *   branch's waits as a whole hold about `coverage`.
 *
 * A service's own numbers take over from those pooled over all services once it has
 * `MIN_OWN_OBSERVATIONS` waits of that kind.
 */

/** A kind of wait (see `stratumOf`). */
export type Stratum = string;

/** How a ticket stands when it is issued. */
export interface Situation {
  /** Tickets that will be called before it. */
  ahead: number;
  /** Idle open counters of its service beyond those the tickets ahead will take. */
  spareCounters: number;
  /** Whether the ticket itself has priority (later normal tickets cannot pass it). */
  priority: boolean;
}

/** Queues from this many ahead on are one kind. */
const MANY_AHEAD = 3;
/** With no one ahead, idle counters from this many on are one kind. */
const MANY_IDLE = 4;

/**
 * The kind of wait a ticket in this situation has. With someone ahead, idle counters say nothing
 * (with a queue, an idle counter is one whose staff are away); with no one ahead, they say how
 * soon someone calls.
 */
export function stratumOf({ ahead, spareCounters, priority }: Situation): Stratum {
  const kind = ahead === 0 ? `none-ahead/idle-${Math.min(spareCounters, MANY_IDLE)}` : `ahead-${Math.min(ahead, MANY_AHEAD)}`;
  return `${kind}/${priority ? 'priority' : 'normal'}`;
}

export interface Interval {
  lowS: number;
  expectedS: number;
  highS: number;
}

/** Ratios of the model's own interval ends to its mean. */
export interface ModelShape {
  meanS: number;
  lowRatio: number;
  highRatio: number;
}

interface Adjustment {
  /** log(expected ÷ model mean), while there are too few recent waits. */
  center: number;
  /** Subtracted from the low ratio: the low end moves down as it grows. */
  lowShift: number;
  /** log factor on the high ratio. */
  highLog: number;
  /** Recent share of waits below the low end. */
  lowMisses: number;
  /** The last waits and the model's mean for each, seconds, oldest first. */
  recent: Array<{ waitedS: number; modelS: number }>;
  observations: number;
}

/** Waits of a service use its own adjustment after this many observations, the pooled one before. */
const MIN_OWN_OBSERVATIONS = 10;
/** The point estimate is the recent median once this many waits of the kind are known. */
const MIN_RECENT = 10;
/** A change of the model's mean by this factor or more moves the recent median (see `beyondBigChange`). */
const BIG_CHANGE = 4;
/** How strongly the branch's overall misses steer each kind's high end (see `#nudge`). */
const SPARE_GAIN = 3;
/** The branch's miss rate moves this many times slower than a kind's ends. */
const OVERALL_SLOWER = 5;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const neutral = (): Adjustment => ({ center: 0, lowShift: 0, highLog: 0, lowMisses: 0, recent: [], observations: 0 });

export interface CalibrationOptions {
  /** Share of real waits the range aims to hold. */
  coverage: number;
  /** How far one wait moves the model's factor (log units; 0: never). */
  centerStep: number;
  /** How far one wait moves the ends of the range (0: never). */
  rangeStep: number;
  /** How many recent waits of a kind the point estimate is the median of (0: the model's mean alone). */
  recentWaits: number;
}

export class WaitCalibration {
  /** All services together, per stratum: what a service starts from. */
  private readonly pooled = new Map<Stratum, Adjustment>();
  /** Per service and stratum. */
  private readonly own = new Map<string, Adjustment>();
  private readonly tail: number;
  /** Recent share of all waits outside their range, every service and kind together. */
  #misses: number;

  constructor(private readonly options: CalibrationOptions) {
    this.#misses = 1 - options.coverage;
    this.tail = (1 - options.coverage) / 2;
  }

  /** The calibrated interval for a model prediction (not rounded). */
  apply(serviceId: string, stratum: Stratum, model: ModelShape): Interval {
    return interval(model, this.#adjustment(serviceId, stratum));
  }

  /** The recent waits the point estimate of this kind stands on, or null while there are too few. */
  similar(serviceId: string, stratum: Stratum): { count: number; medianS: number; ofService: boolean } | null {
    const adj = this.#adjustment(serviceId, stratum);
    if (adj.recent.length < MIN_RECENT) return null;
    return { count: adj.recent.length, medianS: median(adj.recent.map((r) => r.waitedS)), ofService: adj !== this.pooled.get(stratum) };
  }

  #adjustment(serviceId: string, stratum: Stratum): Adjustment {
    const own = this.own.get(ownKey(serviceId, stratum));
    return own && own.observations >= MIN_OWN_OBSERVATIONS ? own : this.#pooled(stratum);
  }

  /**
   * Learns from one ticket: the model's prediction when it was issued and the wait it really had.
   * The service's own state and the pooled one each judge the interval they would have given.
   */
  learn(serviceId: string, stratum: Stratum, model: ModelShape, waitedS: number): void {
    const pooled = this.#pooled(stratum);
    const key = ownKey(serviceId, stratum);
    let own = this.own.get(key);
    if (!own) this.own.set(key, (own = { ...pooled, recent: [...pooled.recent], observations: 0 }));
    const given = this.apply(serviceId, stratum, model);
    const missed = waitedS < Math.round(given.lowS) || waitedS > Math.round(given.highS) ? 1 : 0;
    this.#misses += (this.options.rangeStep / OVERALL_SLOWER) * (missed - this.#misses);
    for (const adj of [pooled, own]) this.#nudge(adj, model, waitedS);
  }

  #pooled(stratum: Stratum): Adjustment {
    let pooled = this.pooled.get(stratum);
    if (!pooled) this.pooled.set(stratum, (pooled = neutral()));
    return pooled;
  }

  #nudge(adj: Adjustment, model: ModelShape, waitedS: number): void {
    const { centerStep, rangeStep, recentWaits } = this.options;
    // Judged as the customer saw it: in whole seconds.
    const given = interval(model, adj);
    adj.center = clamp(adj.center + (centerStep * Math.sign(waitedS - Math.round(given.expectedS))) / 2, -8, 2);
    const missLow = waitedS < Math.round(given.lowS) ? 1 : 0;
    const missHigh = waitedS > Math.round(given.highS) ? 1 : 0;
    // A low end of 0 ("you may be called at once") is never moved: the high end takes the misses.
    if (model.lowRatio > 0) adj.lowShift = clamp(adj.lowShift + rangeStep * (missLow - this.tail), -0.5, 1);
    adj.lowMisses += rangeStep * (missLow - adj.lowMisses);
    // Kinds whose range cannot miss as often as it may (most waits are 0, and so is the range)
    // leave budget over: the others' high ends take it, so the branch's waits hold `coverage`.
    const spare = SPARE_GAIN * (2 * this.tail - this.#misses);
    const highTarget = clamp(2 * this.tail - adj.lowMisses + spare, this.tail, 4 * this.tail);
    adj.highLog = clamp(adj.highLog + rangeStep * (missHigh - highTarget), -5, 2);
    if (recentWaits > 0) {
      adj.recent.push({ waitedS, modelS: model.meanS });
      if (adj.recent.length > recentWaits) adj.recent.shift();
    }
    adj.observations++;
  }
}

const ownKey = (serviceId: string, stratum: Stratum) => `${stratum}:${serviceId}`;

/**
 * The ends move on the model's own scale, apart from the point estimate: when most waits at a
 * free counter are zero the expected wait drops towards zero, but the high end must still cover
 * the customers who find every counter busy.
 */
function interval(model: ModelShape, adj: Adjustment): Interval {
  const lowS = model.lowRatio > 0 ? model.meanS * Math.max(0, model.lowRatio - adj.lowShift) : 0;
  const highS = Math.max(lowS, model.meanS * model.highRatio * Math.exp(adj.highLog));
  const center = adj.recent.length >= MIN_RECENT
    ? median(adj.recent.map((r) => r.waitedS)) * beyondBigChange(model.meanS / Math.max(1e-9, median(adj.recent.map((r) => r.modelS))))
    : model.meanS * Math.exp(adj.center);
  return { lowS, expectedS: clamp(center, lowS, highS), highS };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * How far the model's mean now is from its usual value for these recent waits, counting only
 * what lies beyond a big change (×/÷ `BIG_CHANGE`): day to day the model's swings are mostly noise
 * (a counter open but its staff away), a big one is news (counters closed, a crowd on camera).
 */
function beyondBigChange(ratio: number): number {
  return ratio > BIG_CHANGE ? ratio / BIG_CHANGE : ratio < 1 / BIG_CHANGE ? ratio * BIG_CHANGE : 1;
}
