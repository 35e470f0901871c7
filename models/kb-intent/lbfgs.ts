/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, algorithms 7.4 and 7.5) with a
 * backtracking Armijo line search. It minimises a smooth convex loss such as regularised softmax
 * regression on the full training set: no sampling, so the same data gives the same weights,
 * bit for bit, and there is no learning rate to tune.
 */

/** Writes the gradient at `x` into `gradient` and returns the loss at `x`. */
export type LossAndGradient = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Upper bound on iterations: the training time is bounded even if the tolerance is never met. */
  maxIterations: number;
  /** Correction pairs kept: each costs two vectors the size of `x`. */
  memory: number;
  /** Stops when the gradient's largest component is below this. */
  gradientTolerance: number;
  /** Stops when an iteration lowers the loss by less than this share of it. */
  relativeLossTolerance: number;
}

export interface LbfgsResult {
  x: Float64Array;
  loss: number;
  iterations: number;
}

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;

/** Minimises `lossAndGradient` from `start` (left unchanged). */
export function minimiseLbfgs(lossAndGradient: LossAndGradient, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = start.length;
  const x = Float64Array.from(start);
  const gradient = new Float64Array(n);
  let loss = lossAndGradient(x, gradient);
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(n);
  const candidate = new Float64Array(n);
  const candidateGradient = new Float64Array(n);

  let iteration = 0;
  while (iteration < options.maxIterations && maxAbs(gradient) > options.gradientTolerance) {
    iteration++;
    searchDirection(gradient, steps, gradientChanges, rhos, direction);
    let slope = dot(direction, gradient);
    if (slope >= 0) {
      // The curvature pairs misled us (rounding): restart from steepest descent.
      steps.length = gradientChanges.length = rhos.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      slope = dot(direction, gradient);
    }
    // The first step has no curvature to scale it: make its length 1.
    let stepSize = steps.length === 0 ? 1 / Math.sqrt(-slope) : 1;
    let candidateLoss = Number.POSITIVE_INFINITY;
    for (let backtrack = 0; backtrack <= MAX_BACKTRACKS; backtrack++) {
      for (let i = 0; i < n; i++) candidate[i] = x[i]! + stepSize * direction[i]!;
      candidateLoss = lossAndGradient(candidate, candidateGradient);
      if (candidateLoss <= loss + ARMIJO * stepSize * slope) break;
      stepSize /= 2;
    }
    if (!(candidateLoss < loss)) break;

    const step = steps.length === options.memory ? steps.shift()! : new Float64Array(n);
    const change = gradientChanges.length === options.memory ? gradientChanges.shift()! : new Float64Array(n);
    if (rhos.length === options.memory) rhos.shift();
    for (let i = 0; i < n; i++) {
      step[i] = candidate[i]! - x[i]!;
      change[i] = candidateGradient[i]! - gradient[i]!;
    }
    const curvature = dot(step, change);
    // Only pairs with positive curvature keep the inverse-Hessian estimate positive definite.
    if (curvature > 1e-12) {
      steps.push(step);
      gradientChanges.push(change);
      rhos.push(1 / curvature);
    }

    const improvement = (loss - candidateLoss) / Math.max(Math.abs(loss), 1e-12);
    x.set(candidate);
    gradient.set(candidateGradient);
    loss = candidateLoss;
    if (improvement < options.relativeLossTolerance) break;
  }
  return { x, loss, iterations: iteration };
}

/** The two-loop recursion: `direction` = −H·gradient with H built from the kept pairs. */
function searchDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[], rhos: number[], direction: Float64Array): void {
  const n = gradient.length;
  for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
  const alphas = new Array<number>(steps.length);
  for (let k = steps.length - 1; k >= 0; k--) {
    const alpha = rhos[k]! * dot(steps[k]!, direction);
    alphas[k] = alpha;
    axpy(-alpha, changes[k]!, direction);
  }
  const newest = steps.length - 1;
  if (newest >= 0) {
    const scale = dot(steps[newest]!, changes[newest]!) / dot(changes[newest]!, changes[newest]!);
    for (let i = 0; i < n; i++) direction[i]! *= scale;
  }
  for (let k = 0; k < steps.length; k++) {
    const beta = rhos[k]! * dot(changes[k]!, direction);
    axpy(alphas[k]! - beta, steps[k]!, direction);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** y += a·x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max;
}
