import { describe, expect, it } from 'vitest';
import { UsageError } from './lib.ts';
import { parseQueueLog } from './wait-log.ts';
import { scoreWaits } from './wait-metrics.ts';
import { replayEvents, replayQueueLog } from './wait-replay.ts';

const HEADER = 'ticket,service,priority,counter,issuedAt,calledAt,doneAt,leftAt';

/** One agent serving PS calls of 2 minutes back to back; a queue builds behind. */
const LOG = [
  HEADER,
  't1,PS,0,DANA,1999-02-01T09:00:00,1999-02-01T09:00:00,1999-02-01T09:02:00,',
  't2,PS,0,DANA,1999-02-01T09:00:30,1999-02-01T09:02:00,1999-02-01T09:04:00,',
  't3,PS,0,DANA,1999-02-01T09:01:00,1999-02-01T09:06:00,1999-02-01T09:08:00,',
  't4,PS,0,,1999-02-01T09:01:10,,,1999-02-01T09:03:10',
  't5,PS,2,DANA,1999-02-01T09:03:00,1999-02-01T09:04:00,1999-02-01T09:06:00,',
].join('\n');

describe('replayQueueLog', () => {
  it('applies events of the same second in the log order: done, issued, left, called', () => {
    const log = [
      HEADER,
      // At 09:02:00: t1 is done, t3 is issued, t2 gives up... and t4 is called, all in the same second.
      't1,PS,0,DANA,1999-02-01T09:00:00,1999-02-01T09:00:00,1999-02-01T09:02:00,',
      't2,PS,0,,1999-02-01T09:00:10,,,1999-02-01T09:02:00',
      't4,PS,0,DANA,1999-02-01T09:00:20,1999-02-01T09:02:00,1999-02-01T09:03:00,',
      't3,PS,0,DANA,1999-02-01T09:02:00,1999-02-01T09:03:00,1999-02-01T09:04:00,',
    ].join('\n');
    const events = replayEvents(parseQueueLog(log, 'log')).filter((event) => event.atMs === Date.parse('1999-02-01T09:02:00Z'));
    expect(events.map((event) => `${event.kind} ${event.ticket.id}`)).toEqual(['done t1', 'issued t3', 'left t2', 'called t4']);
    // So t3, issued after t1 was done and before t2 left and t4 was called, has both ahead of it.
    expect(replayQueueLog(parseQueueLog(log, 'log')).find((_, index) => index === 3)!.ahead).toBe(2);
  });

  it('predicts every ticket, scores served waits and counts those who gave up apart', () => {
    const scored = replayQueueLog(parseQueueLog(LOG, 'log'));
    expect(scored.map((t) => t.waitedS)).toEqual([0, 90, 300, null, 60]);
    expect(scored[3]!.leftAfterS).toBe(120);
    const score = scoreWaits(scored);
    expect(score.served).toBe(4);
    expect(score.left).toBe(1);
  });

  it('gives each ticket the classical baselines from the same moment: LES and QL', () => {
    const scored = replayQueueLog(parseQueueLog(LOG, 'log'));
    // t5 at 09:03: the last PS ticket called was t2 (waited 90 s); t3 and t4 wait, DANA (busy) took
    // PS in the last hour, one service time known (t1: 120 s) → (2 + 1) × 120 ÷ 1.
    expect(scored[4]!.baselines).toEqual({ zero: 0, les: 90, ql: 360 });
    // t1, the first of the day: nothing known yet.
    expect(scored[0]!.baselines).toEqual({ zero: 0, les: 0, ql: 0 });
  });

  it('rebuilds the queue at each issue: priority customers 1.5 min ahead, and counters open from their first call to their last done', () => {
    const log = [
      LOG,
      't6,PS,0,DANA,1999-02-01T09:03:20,1999-02-01T09:08:00,1999-02-01T09:09:00,',
      't7,PS,2,DANA,1999-02-01T09:03:40,1999-02-01T09:04:00,1999-02-01T09:04:30,',
      // EVA's only call of the day is at 09:10; a ticket of 09:09:30 finds no counter open.
      't8,NW,0,EVA,1999-02-01T09:09:30,1999-02-01T09:10:00,1999-02-01T09:11:00,',
    ].join('\n');
    const scored = replayQueueLog(parseQueueLog(log, 'log'));
    // t5 (priority, 09:03) stands at 09:01:30: behind t3 (09:01) and t4 (09:01:10), who left only at 09:03:10.
    // t7 (priority, 09:03:40) stands at 09:02:10: behind t3 and priority t5, ahead of t6 (09:03:20).
    expect(scored.map((t) => t.ahead)).toEqual([0, 0, 1, 2, 2, 2, 2, 0]);
    // DANA opens with her first call (t1), after t1's issue; she takes PS only. EVA is not open yet for t8.
    expect(scored.map((t) => t.counters)).toEqual([0, 1, 1, 1, 1, 1, 1, 0]);
  });

  it('counts a counter that serves two lines by the lines with someone waiting', () => {
    const log = [
      HEADER,
      'a1,PS,0,DANA,1999-02-01T09:00:00,1999-02-01T09:00:00,1999-02-01T09:01:00,',
      'b1,NW,0,DANA,1999-02-01T09:01:00,1999-02-01T09:01:00,1999-02-01T09:09:00,',
      // b1 finds DANA taking PS only: she has not called an NW ticket yet. From then on she takes
      // both; NW has no one waiting when a2 comes (she counts fully for PS), then b2 and a2 wait.
      'a2,PS,0,DANA,1999-02-01T09:02:00,1999-02-01T09:09:00,1999-02-01T09:10:00,',
      'b2,NW,0,DANA,1999-02-01T09:03:00,1999-02-01T09:10:00,1999-02-01T09:11:00,',
      'a3,PS,0,DANA,1999-02-01T09:04:00,1999-02-01T09:11:00,1999-02-01T09:12:00,',
    ].join('\n');
    expect(replayQueueLog(parseQueueLog(log, 'log')).map((t) => t.counters)).toEqual([0, 0, 1, 0.5, 0.5]);
  });

  it('refuses a file that is not in the replay format, naming the line', () => {
    expect(() => parseQueueLog('id,when\n1,2', 'x.csv')).toThrow(UsageError);
    expect(() => parseQueueLog(`${HEADER}\nt1,PS,0,DANA,yesterday,,,`, 'x.csv')).toThrow(/x\.csv:2: bad issuedAt/);
  });
});
