/**
 * Removes (or rewrites) rows a batch at a time, each batch its own short transaction, and gives the
 * event loop back between batches: a retention run over months of backlog never holds the database
 * or the hub for more than one batch.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export interface BatchOptions {
  /** Rows per batch. */
  size: number;
  /** Checked between batches: true ends the work early (the hub is stopping). */
  stopped: () => boolean;
}

/**
 * Repeats `select` (up to `size` keys of rows still to handle) and `apply` (handles those keys,
 * returns how many rows it changed) until nothing is left. Returns the rows changed.
 */
export async function inBatches<K>(options: BatchOptions, select: (take: number) => Promise<K[]>, apply: (keys: K[]) => Promise<number>): Promise<number> {
  let total = 0;
  while (!options.stopped()) {
    const keys = await select(options.size);
    if (keys.length === 0) break;
    total += await apply(keys);
    if (keys.length < options.size) break;
    await yieldToEventLoop();
  }
  return total;
}
