import { describe, expect, it } from 'vitest';
import { IdempotentRequests } from './idempotent-requests.ts';

describe('IdempotentRequests', () => {
  it('answers a retry with the first result, and runs again after the time to live', async () => {
    let now = 0;
    const requests = new IdempotentRequests(() => now, 1000);
    let runs = 0;
    const task = async () => ++runs;
    expect(await requests.run('k1', task)).toBe(1);
    expect(await requests.run('k1', task)).toBe(1);
    expect(await requests.run('k2', task)).toBe(2);
    now = 1001;
    expect(await requests.run('k1', task)).toBe(3);
  });

  it('shares one run between concurrent retries and forgets a failure', async () => {
    const requests = new IdempotentRequests(() => 0);
    let runs = 0;
    const results = await Promise.all([1, 2, 3].map(() => requests.run('k', async () => ++runs)));
    expect(results).toEqual([1, 1, 1]);
    await expect(requests.run('bad', () => Promise.reject(new Error('slot full')))).rejects.toThrow('slot full');
    expect(await requests.run('bad', async () => 'booked')).toBe('booked');
  });

  it('runs every request without a key', async () => {
    const requests = new IdempotentRequests(() => 0);
    let runs = 0;
    await requests.run(undefined, async () => ++runs);
    await requests.run(undefined, async () => ++runs);
    expect(runs).toBe(2);
  });
});
