import { describe, expect, it } from 'vitest';
import { CoalescedRun } from './coalesced-run.ts';

describe('CoalescedRun', () => {
  it('folds asks made during a run into one more run, which sees the latest state', async () => {
    let state = 0;
    const seen: number[] = [];
    let release: () => void = () => {};
    const runner = new CoalescedRun(async () => {
      seen.push(state);
      if (seen.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, () => {});
    const first = runner.run();
    for (let i = 1; i <= 5; i++) {
      state = i;
      void runner.run();
    }
    release();
    await first;
    expect(seen).toEqual([0, 5]);
  });

  it('reports a failed run and runs again when asked', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runner = new CoalescedRun(async () => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
    }, (error) => errors.push(error));
    await runner.run();
    await runner.run();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
