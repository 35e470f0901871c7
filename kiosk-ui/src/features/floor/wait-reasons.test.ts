import { describe, expect, it } from 'vitest';
import { waitReasons } from './wait-reasons.ts';

const basis = { ahead: 6, counters: 1.5, serviceS: 300, giveUpShare: 0.2, cameraExtra: 2, similar: { count: 50, medianS: 754, ofService: true } };

describe('why a line waits', () => {
  it('names what the floor can act on first: the queue and its counters, then the camera, those giving up, and the customers before', () => {
    expect(waitReasons(basis)).toEqual([
      { kind: 'queue', ahead: 6, counters: '1.5', service: { unit: 'minutes', n: 5 } },
      { kind: 'camera', n: 2 },
      { kind: 'give-up', percent: 20 },
      { kind: 'similar', count: 50, median: { unit: 'minutes', n: 13 }, own: true },
    ]);
  });

  it('says no counter is open, and leaves out what is nothing worth saying', () => {
    expect(waitReasons({ ...basis, counters: 0, cameraExtra: 0, giveUpShare: 0.01, similar: null })).toEqual([{ kind: 'no-counter' }]);
    expect(waitReasons({ ...basis, serviceS: 45, cameraExtra: 0, giveUpShare: 0, similar: null })[0]).toMatchObject({ service: { unit: 'seconds', n: 45 } });
  });
});
