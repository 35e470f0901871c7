/** Axes for the hand-drawn charts: round tick values and linear mapping from data to pixels. */

/** A step of 1, 2, 2.5 or 5 × 10ⁿ giving about `count` intervals over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/**
 * Round ticks from at or below `min` to at or above `max`, about `count` intervals apart. With
 * `integers`, steps are whole numbers (counts of things). An empty span gets a unit axis.
 */
export function niceTicks(min: number, max: number, count = 5, integers = false): number[] {
  if (!(max > min)) max = min + 1;
  let step = niceStep(max - min, count);
  if (integers) step = Math.max(1, Math.ceil(step));
  const first = Math.floor(min / step) * step;
  const last = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals, so 0.1 + 0.2 shows as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let value = first; value <= last + step / 2; value += step) ticks.push(Number(value.toFixed(decimals)));
  return ticks;
}

/** Maps [d0, d1] onto [r0, r1]. */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** At most `max` evenly spaced indexes of `length` items, the first and last included. */
export function labelIndexes(length: number, max: number): number[] {
  if (length <= max) return Array.from({ length }, (_, index) => index);
  const step = Math.ceil((length - 1) / (max - 1));
  const indexes: number[] = [];
  for (let index = 0; index < length - 1; index += step) indexes.push(index);
  if (indexes.length > 1 && length - 1 - indexes.at(-1)! < step / 2) indexes.pop();
  indexes.push(length - 1);
  return indexes;
}
