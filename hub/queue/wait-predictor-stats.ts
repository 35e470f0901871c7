/**
 * Recent service times of one service: an exponentially weighted mean and variance that start
 * from a prior (worth `priorWeight` services) and forget old services with a half-life counted
 * in services, so a slow afternoon or a new colleague shows within a few dozen tickets.
 */

export interface ServiceTimePrior {
  /** Mean service time before any data, seconds. */
  meanS: number;
  /** Coefficient of variation (sd ÷ mean) before any data. */
  cv: number;
  /** How many observed services the prior is worth. */
  weight: number;
  /** After this many services an observation counts half. */
  halfLife: number;
}

/**
 * An observation above this many times the current mean (or the floor, so a run of instant
 * services cannot lock the mean near zero) counts as this many: a break, a forgotten "done".
 */
const OUTLIER_FACTOR = 6;
const OUTLIER_FLOOR_S = 30;
/** Predictions divide by the mean; a service is never assumed to take less than this. */
const MIN_MEAN_S = 1;

export class ServiceTimeStats {
  private weight: number;
  private mean: number;
  private meanSquare: number;
  private readonly keep: number;

  constructor(prior: ServiceTimePrior) {
    this.weight = prior.weight;
    this.mean = prior.meanS;
    this.meanSquare = prior.meanS ** 2 * (1 + prior.cv ** 2);
    this.keep = 2 ** (-1 / prior.halfLife);
  }

  observe(durationS: number): void {
    if (!Number.isFinite(durationS) || durationS < 0) return;
    const x = Math.min(durationS, OUTLIER_FACTOR * Math.max(this.mean, OUTLIER_FLOOR_S));
    const old = this.weight * this.keep;
    this.weight = old + 1;
    this.mean = (this.mean * old + x) / this.weight;
    this.meanSquare = (this.meanSquare * old + x * x) / this.weight;
  }

  /** Mean service time, seconds. */
  get meanS(): number {
    return Math.max(this.mean, MIN_MEAN_S);
  }

  /** Coefficient of variation of one service time. */
  get cv(): number {
    const variance = Math.max(0, this.meanSquare - this.mean ** 2);
    return Math.sqrt(variance) / this.meanS;
  }

  /** Effective number of services behind the estimate (prior included, old ones decayed). */
  get evidence(): number {
    return this.weight;
  }
}

/** The share of recent yes/no outcomes that were yes: a running mean over about the last `memory`. */
export class RecentShare {
  #share = 0;
  #count = 0;

  constructor(private readonly memory: number) {}

  observe(yes: 0 | 1): void {
    this.#count = Math.min(this.#count + 1, this.memory);
    this.#share += (yes - this.#share) / this.#count;
  }

  /** 0 before any outcome. */
  get share(): number {
    return this.#share;
  }
}
