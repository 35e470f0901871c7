/** Small numeric helpers for the wait predictor: the normal and gamma quantiles. */

/**
 * Inverse of the standard normal distribution function (Acklam's rational approximation,
 * relative error < 1.2e-9), for 0 < p < 1.
 */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((sum, coef) => sum * x + coef, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * The p-quantile of a gamma distribution with this mean and standard deviation
 * (Wilson–Hilferty: the cube root of a gamma variable is nearly normal). Waits are sums of
 * service times, so they are skewed to the right like a gamma; a normal interval would put the
 * low end below zero for short queues. Never below 0.
 */
export function gammaQuantile(mean: number, sd: number, p: number): number {
  if (mean <= 0) return 0;
  if (sd <= 0) return mean;
  const shape = (mean / sd) ** 2;
  const term = 1 - 1 / (9 * shape) + normalQuantile(p) / (3 * Math.sqrt(shape));
  return term <= 0 ? 0 : mean * term ** 3;
}
