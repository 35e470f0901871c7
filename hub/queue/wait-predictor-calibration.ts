/**
 * Calibration of the wait predictor from the waits that really happened.
 *
 * The model's interval assumes service times are the only randomness; real queues also have
 * counters that pause, priority tickets that pass, no-shows that shorten the line. So each
 * observed wait is compared with the prediction the ticket was given when it was issued, and
 * three numbers per service are nudged online (adaptive conformal inference, Gibbs & Candès
 * 2021): the log factor of the point estimate tracks the median of actual ÷ predicted (the
 * median minimises the absolute error), and the two ends move until the share of waits below
 * the low end and above the high end each settle at (1 − coverage) ÷ 2.
 *
 * Waits differ in kind when a counter stands idle for the ticket (it is called as soon as staff
 * press "call next"), when no one is ahead but every counter is busy (a counter may free up at
 * once) and when the ticket must queue behind others, so each has its own state ("stratum").
 */

export type Stratum = 'idle' | 'free' | 'queued';

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
  /** log(expected ÷ model mean). */
  center: number;
  /** Subtracted from the low ratio: the low end moves down as it grows. */
  lowShift: number;
  /** log factor on the high ratio. */
  highLog: number;
  observations: number;
}

/** Waits of a service use its own adjustment after this many observations, the pooled one before. */
const MIN_OWN_OBSERVATIONS = 30;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const neutral = (): Adjustment => ({ center: 0, lowShift: 0, highLog: 0, observations: 0 });

export class WaitCalibration {
  /** All services together, per stratum: what a service starts from. */
  private readonly pooled: Record<Stratum, Adjustment> = { idle: neutral(), free: neutral(), queued: neutral() };
  /** Per service and stratum. */
  private readonly own = new Map<string, Adjustment>();
  private readonly tail: number;

  /**
   * `centerStep` and `rangeStep`: how far one observed wait moves the point estimate and the
   * ends (log or ratio units). The point estimate moves faster, to follow the day's pace; the ends
   * estimate tail frequencies of a few percent, which takes more waits to see.
   */
  constructor(
    coverage: number,
    private readonly centerStep: number,
    private readonly rangeStep: number,
  ) {
    this.tail = (1 - coverage) / 2;
  }

  /** The calibrated interval for a model prediction (not rounded). */
  apply(serviceId: string, stratum: Stratum, model: ModelShape): Interval {
    const own = this.own.get(ownKey(serviceId, stratum));
    return interval(model, own && own.observations >= MIN_OWN_OBSERVATIONS ? own : this.pooled[stratum]);
  }

  /**
   * Learns from one ticket: the model's prediction when it was issued and the wait it really had.
   * The service's own state and the pooled one each judge the interval they would have given.
   */
  learn(serviceId: string, stratum: Stratum, model: ModelShape, waitedS: number): void {
    const pooled = this.pooled[stratum];
    const key = ownKey(serviceId, stratum);
    let own = this.own.get(key);
    if (!own) this.own.set(key, (own = { ...pooled, observations: 0 }));
    for (const adj of [pooled, own]) this.nudge(adj, interval(model, adj), waitedS);
  }

  private nudge(adj: Adjustment, given: Interval, waitedS: number): void {
    const above = waitedS > given.expectedS ? 1 : 0;
    const below = waitedS < given.expectedS ? 1 : 0;
    adj.center = clamp(adj.center + (this.centerStep * (above - below)) / 2, -8, 2);
    const missLow = waitedS < given.lowS ? 1 : 0;
    const missHigh = waitedS > given.highS ? 1 : 0;
    adj.lowShift = clamp(adj.lowShift + this.rangeStep * (missLow - this.tail), -0.5, 1);
    adj.highLog = clamp(adj.highLog + this.rangeStep * (missHigh - this.tail), -2, 2);
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
  const lowS = model.meanS * Math.max(0, model.lowRatio - adj.lowShift);
  const highS = Math.max(lowS, model.meanS * model.highRatio * Math.exp(adj.highLog));
  const expectedS = clamp(model.meanS * Math.exp(adj.center), lowS, highS);
  return { lowS, expectedS, highS };
}
