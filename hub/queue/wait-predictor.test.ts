import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from './simulate-random.ts';
import { WaitPredictor, type PredictInput, type WaitPredictorOptions } from './wait-predictor.ts';

const NOW = Date.UTC(2025, 0, 6, 10);

/** A predictor that has seen 200 teller services of about 5 minutes (lognormal, cv 0.5). */
function trained(options: Partial<WaitPredictorOptions> = {}): WaitPredictor {
  const predictor = new WaitPredictor(options);
  const random = new SeededRandom(7);
  for (let i = 0; i < 200; i++) predictor.observeService('teller', random.lognormal(300, 0.5), NOW - (200 - i) * 60_000);
  return predictor;
}

const input = (over: Partial<PredictInput> = {}): PredictInput => ({ serviceId: 'teller', ahead: 3, counters: 2, cameraCount: null, nowMs: NOW, ...over });
const width = (p: { lowS: number; highS: number; expectedS: number }) => (p.highS - p.lowS) / p.expectedS;

const arbitraryInput = fc.record({
  ahead: fc.integer({ min: 0, max: 60 }),
  counters: fc.oneof(fc.constant(0), fc.double({ min: 0.25, max: 8, noNaN: true })),
  cameraCount: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
});

describe('WaitPredictor', () => {
  it('answers whole seconds with low ≤ expected ≤ high, whatever the queue', () => {
    const predictor = trained();
    fc.assert(
      fc.property(arbitraryInput, (queue) => {
        const p = predictor.predict(input(queue));
        expect(Number.isInteger(p.lowS) && Number.isInteger(p.expectedS) && Number.isInteger(p.highS)).toBe(true);
        expect(0 <= p.lowS && p.lowS <= p.expectedS && p.expectedS <= p.highS).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('tells a ticket an idle counter will call that it waits only for the call, until the idle counters are taken', () => {
    const predictor = trained();
    const idle = predictor.predict(input({ ahead: 1, counters: 2, idleCounters: 2 }));
    expect(idle).toEqual({ lowS: 0, expectedS: 30, highS: 120 });
    const taken = predictor.predict(input({ ahead: 2, counters: 2, idleCounters: 2 }));
    expect(taken.expectedS).toBeGreaterThan(200);
    // People the camera sees without a ticket yet take the idle counters first.
    expect(predictor.predict(input({ ahead: 1, counters: 2, idleCounters: 2, cameraCount: 6 })).expectedS).toBeGreaterThan(200);
  });

  it('predicts a longer wait with more tickets ahead', () => {
    const predictor = trained();
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 1, max: 20 }), (queue, more) => {
        const fewer = predictor.predict(input({ ...queue, cameraCount: null }));
        const longer = predictor.predict(input({ ...queue, cameraCount: null, ahead: queue.ahead + more }));
        expect(longer.expectedS).toBeGreaterThan(fewer.expectedS);
        expect(longer.highS).toBeGreaterThan(fewer.highS);
        expect(longer.lowS).toBeGreaterThanOrEqual(fewer.lowS);
        // With a camera, people it saw may be the very tickets added: never shorter, though.
        const seen = predictor.predict(input(queue));
        const seenLonger = predictor.predict(input({ ...queue, ahead: queue.ahead + more }));
        expect(seenLonger.expectedS).toBeGreaterThanOrEqual(seen.expectedS);
        expect(seenLonger.highS).toBeGreaterThanOrEqual(seen.highS);
      }),
      { numRuns: 200 },
    );
  });

  it('predicts a shorter wait with more counters open', () => {
    const predictor = trained();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.25, max: 6, noNaN: true }), (ahead, counters) => {
        const fewer = predictor.predict(input({ ahead, counters }));
        const more = predictor.predict(input({ ahead, counters: counters * 1.5 }));
        expect(more.expectedS).toBeLessThan(fewer.expectedS);
        expect(more.highS).toBeLessThan(fewer.highS);
      }),
      { numRuns: 200 },
    );
  });

  it('lets a camera raise the prediction for people without a ticket, never lower it', () => {
    const predictor = trained();
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 0, max: 80 }), (queue, seen) => {
        const tickets = predictor.predict(input({ ...queue, cameraCount: null }));
        const camera = predictor.predict(input({ ...queue, cameraCount: seen }));
        expect(camera.lowS).toBeGreaterThanOrEqual(tickets.lowS);
        expect(camera.expectedS).toBeGreaterThanOrEqual(tickets.expectedS);
        expect(camera.highS).toBeGreaterThanOrEqual(tickets.highS);
      }),
      { numRuns: 200 },
    );
    // Ten people in line but only three tickets ahead: some have not taken a ticket yet.
    const crowd = predictor.predict(input({ ahead: 3, cameraCount: 10 }));
    expect(crowd.expectedS).toBeGreaterThan(predictor.predict(input({ ahead: 3 })).expectedS);
    // The camera missed people (two seen, five tickets ahead): the tickets count.
    expect(predictor.predict(input({ ahead: 5, cameraCount: 2 }))).toEqual(predictor.predict(input({ ahead: 5 })));
  });

  it('uses the prior before any service was seen, with a wide range that narrows as services are seen', () => {
    const fresh = new WaitPredictor({ priorServiceS: 240 });
    const before = fresh.predict(input({ ahead: 4, counters: 1 }));
    // (4 ahead + the customer at the counter) × 240 s, give or take the residual service.
    expect(before.expectedS).toBeGreaterThan(4 * 240);
    expect(before.expectedS).toBeLessThan(6 * 240);
    for (let i = 0; i < 100; i++) fresh.observeService('teller', 240 + (i % 5) * 10 - 20, NOW - i * 60_000);
    const after = fresh.predict(input({ ahead: 4, counters: 1 }));
    expect(width(before)).toBeGreaterThan(1.5 * width(after));
  });

  it('gives a wide, honest range when no counter serves the service', () => {
    const predictor = trained();
    const closed = predictor.predict(input({ ahead: 2, counters: 0 }));
    const one = predictor.predict(input({ ahead: 2, counters: 1 }));
    expect(closed.lowS).toBeLessThanOrEqual(one.lowS);
    expect(closed.expectedS).toBeGreaterThan(one.expectedS);
    expect(closed.highS).toBeGreaterThan(2 * one.highS);
  });

  it('learns from real waits: calibration brings coverage of a biased model to the target', () => {
    // The real queue is 60 % slower than service times suggest (breaks, priority customers
    // passing) and noisier: the model alone misses many waits, the calibrated one holds ~80 %.
    const coverage = (options: Partial<WaitPredictorOptions>) => {
      const predictor = trained(options);
      const random = new SeededRandom(11);
      let inside = 0;
      let scored = 0;
      for (let i = 0; i < 3000; i++) {
        const nowMs = NOW + i * 30_000;
        const ahead = i % 8;
        const p = predictor.predictForNewTicket(input({ ahead, counters: 2, nowMs }));
        const waitedS = 1.6 * ((ahead + 0.6) * 150) * random.lognormal(1, 0.6);
        predictor.observeWait('teller', waitedS, nowMs + waitedS * 1000);
        if (i >= 1500) {
          scored++;
          if (waitedS >= p.lowS && waitedS <= p.highS) inside++;
        }
      }
      return inside / scored;
    };
    const raw = coverage({ centerStep: 0, rangeStep: 0, recentWaits: 0 });
    const calibrated = coverage({});
    expect(Math.abs(calibrated - 0.8)).toBeLessThan(Math.abs(raw - 0.8));
    expect(calibrated).toBeGreaterThan(0.75);
    expect(calibrated).toBeLessThan(0.85);
  });

  it('expects the median wait of recent tickets in the same situation: people ahead, and priority or not', () => {
    const predictor = trained({});
    // Normal tickets with two ahead waited 4 to 6 min lately; priority ones with two ahead about 1 min.
    for (let i = 0; i < 60; i++) {
      const nowMs = NOW + i * 60_000;
      const normalWaitS = 240 + (i % 5) * 30;
      predictor.predictForNewTicket(input({ ahead: 2, counters: 2, nowMs }));
      predictor.observeWait('teller', normalWaitS, nowMs + normalWaitS * 1000);
      predictor.predictForNewTicket(input({ ahead: 2, counters: 2, priority: true, nowMs: nowMs + 1 }));
      predictor.observeWait('teller', 60, nowMs + 1 + 60_000);
    }
    const later = NOW + 3 * 3600_000;
    expect(predictor.predict(input({ ahead: 2, counters: 2, nowMs: later })).expectedS).toBe(300);
    expect(predictor.predict(input({ ahead: 2, counters: 2, priority: true, nowMs: later })).expectedS).toBe(60);
    // A big change the waits have not shown yet moves it: most counters closed (2 → 0.25, the model's mean × 8).
    expect(predictor.predict(input({ ahead: 2, counters: 0.25, nowMs: later })).expectedS).toBeGreaterThanOrEqual(2 * 300);
    // Another situation has its own evidence: with no one ahead and a counter idle, not the queue's 5 min.
    expect(predictor.predict(input({ ahead: 0, counters: 2, idleCounters: 1, nowMs: later })).expectedS).toBeLessThan(60);
  });

  it('judges each wait against the prediction its ticket got at issue, not the board refreshed right after', () => {
    const run = (refreshBoard: boolean) => {
      const predictor = trained();
      const random = new SeededRandom(5);
      for (let i = 0; i < 500; i++) {
        const issuedMs = NOW + i * 45_000;
        const ahead = i % 4;
        // The hub predicts for the new ticket a few ms after storing it, then refreshes the
        // board (in the same millisecond and later): a newcomer now has this ticket ahead too.
        predictor.predictForNewTicket(input({ ahead, nowMs: issuedMs + 3 }));
        if (refreshBoard) for (const later of [3, 40]) predictor.predict(input({ ahead: ahead + 1, nowMs: issuedMs + later }));
        const waitedS = ahead === 0 ? 0 : 2 * ahead * 150 * random.lognormal(1, 0.4);
        predictor.observeWait('teller', waitedS, issuedMs + waitedS * 1000);
      }
      return [0, 1, 3].map((ahead) => predictor.predict(input({ ahead, nowMs: NOW + 10 * 3600_000 })));
    };
    expect(run(true)).toEqual(run(false));
    // Nobody ahead was always called at once here, and the predictor learned it.
    expect(run(false)[0]!.expectedS).toBeLessThanOrEqual(5);
  });

  it('keeps only the promises made to tickets, however often boards ask for a prediction', () => {
    const predictor = trained();
    for (let s = 0; s < 3600; s++) {
      const nowMs = NOW + s * 1000;
      // A board refreshed every second, and a ticket issued every minute, called 5 min later.
      predictor.predict(input({ ahead: 3, nowMs }));
      if (s % 60 === 0) predictor.predictForNewTicket(input({ ahead: 3, nowMs }));
      if (s % 60 === 0 && s >= 300) predictor.observeWait('teller', 300, nowMs);
    }
    expect(predictor.pendingPromises).toBe(5);
  });

  it('recovers when a service that was instant starts taking minutes', () => {
    const predictor = new WaitPredictor();
    for (let i = 0; i < 300; i++) predictor.observeService('fx', 0, NOW + i * 1000);
    for (let i = 0; i < 100; i++) predictor.observeService('fx', 300, NOW + (300 + i) * 1000);
    const p = predictor.predict(input({ serviceId: 'fx', ahead: 4, counters: 1 }));
    expect(p.expectedS).toBeGreaterThan(4 * 250);
  });

  it('answers a sensible range for counts that are not numbers', () => {
    const p = trained().predict(input({ ahead: Number.NaN, counters: Number.POSITIVE_INFINITY, cameraCount: -3 }));
    expect(0 <= p.lowS && p.lowS <= p.expectedS && p.expectedS <= p.highS && Number.isFinite(p.highS)).toBe(true);
  });

  it('ignores a wait it cannot match to a prediction', () => {
    const predictor = trained();
    const before = predictor.predict(input());
    predictor.observeWait('teller', 5000, NOW + 3600_000);
    predictor.observeWait('fx', 10, NOW);
    expect(predictor.predict(input())).toEqual(before);
  });
});

describe('WaitPredictor: giving up, and why', () => {
  const modelOnly = { recentWaits: 0, centerStep: 0, rangeStep: 0 };

  it('expects a shorter wait where customers ahead often give up, and never longer at the high end', () => {
    const steady = trained(modelOnly);
    const leaving = trained(modelOnly);
    for (let i = 0; i < 100; i++) {
      steady.observeWait('teller', 120, NOW + i * 1000);
      if (i % 2) leaving.observeGiveUp('teller', 300, NOW + i * 1000);
      else leaving.observeWait('teller', 120, NOW + i * 1000);
    }
    const ask = input({ ahead: 8, counters: 2, nowMs: NOW + 200_000 });
    expect(leaving.predict(ask).expectedS).toBeLessThan(0.8 * steady.predict(ask).expectedS);
    expect(leaving.predict(ask).highS).toBe(steady.predict(ask).highS);
    expect(leaving.explain(ask).giveUpShare).toBe(0.5);
  });

  it('explains a wait by who is ahead, the counters and their pace, the camera, and what customers in the same situation waited', () => {
    const predictor = trained({});
    const ask = input({ ahead: 3, counters: 1.5, cameraCount: 6 });
    expect(predictor.explain(ask)).toMatchObject({ ahead: 3, counters: 1.5, cameraExtra: 2, giveUpShare: 0, similar: null });
    expect(predictor.explain(ask).serviceS).toBeGreaterThan(250);
    for (let i = 0; i < 12; i++) {
      predictor.predictForNewTicket({ ...ask, nowMs: NOW + i * 60_000 });
      predictor.observeWait('teller', 600, NOW + i * 60_000 + 600_000);
    }
    expect(predictor.explain({ ...ask, nowMs: NOW + 3600_000 }).similar).toEqual({ count: 12, medianS: 600, ofService: true });
  });
});
