import { describe, expect, it } from 'vitest';
import { WaitBaselines } from './wait-baselines.ts';
import type { LogTicket } from './wait-log.ts';

const at = (time: string, day = '1999-02-01') => Date.parse(`${day}T${time}Z`);
const ticket = (id: string, issued: string, counter = '', serviceId = 'PS', day = '1999-02-01'): LogTicket => ({
  id, serviceId, priority: 0, counter, issuedMs: at(issued, day), calledMs: null, doneMs: null, leftMs: null,
});

/** Calls and finishes as a counter does: the ticket learns its times. */
function call(baselines: WaitBaselines, t: LogTicket, time: string, day?: string) {
  t.calledMs = at(time, day);
  baselines.called(t, t.calledMs);
}
function finish(baselines: WaitBaselines, t: LogTicket, time: string, day?: string) {
  t.doneMs = at(time, day);
  baselines.done(t, t.doneMs);
}

describe('the baselines', () => {
  it('zero always says 0; LES says the wait of the last ticket of the service called that day, 0 on a new day', () => {
    const b = new WaitBaselines();
    const t1 = ticket('t1', '09:00:00', 'A');
    expect(b.issued(t1, t1.issuedMs)).toMatchObject({ zero: 0, les: 0 });
    const t2 = ticket('t2', '09:01:00', 'A');
    b.issued(t2, t2.issuedMs);
    call(b, t2, '09:04:00'); // t2 first: waited 180 s
    call(b, t1, '09:05:00'); // then t1: waited 300 s
    expect(b.issued(ticket('t3', '09:06:00'), at('09:06:00'))).toMatchObject({ zero: 0, les: 300 });
    // Another service has its own; the next day starts from nothing.
    expect(b.issued(ticket('f1', '09:06:00', '', 'FX'), at('09:06:00')).les).toBe(0);
    expect(b.issued(ticket('t4', '09:00:00', '', 'PS', '1999-02-02'), at('09:00:00', '1999-02-02')).les).toBe(0);
  });

  it('QL is (waiting + 1) × the mean service time ÷ the counters that served the service in the last hour', () => {
    const b = new WaitBaselines();
    const t1 = ticket('t1', '09:00:00', 'A');
    expect(b.issued(t1, t1.issuedMs).ql).toBe(0); // no service time known yet
    call(b, t1, '09:00:00');
    const t2 = ticket('t2', '09:00:30', 'A');
    b.issued(t2, t2.issuedMs);
    finish(b, t1, '09:02:00'); // 120 s
    call(b, t2, '09:02:00');
    // Nobody waiting, but A (the only counter on PS) is busy: one service time.
    const t3 = ticket('t3', '09:02:30', 'B');
    expect(b.issued(t3, t3.issuedMs).ql).toBe(120);
    // t3 waiting: two service times at one counter.
    const t4 = ticket('t4', '09:03:00', 'A');
    expect(b.issued(t4, t4.issuedMs).ql).toBe(240);
    // B opens and calls t3: t4 waiting, two counters busy on PS.
    call(b, t3, '09:03:10');
    const t5 = ticket('t5', '09:03:20', 'A');
    expect(b.issued(t5, t5.issuedMs).ql).toBe(120);
    // t4 gives up, A finishes t2 (another 120 s) and calls t5: nobody waiting, B busy, A busy.
    b.left(t4);
    finish(b, t2, '09:04:00');
    call(b, t5, '09:04:00');
    const t6 = ticket('t6', '09:04:30');
    expect(b.issued(t6, t6.issuedMs).ql).toBe(60); // (0 + 1) × 120 ÷ 2
    b.left(t6);
    // B finishes t3: nobody waiting and a counter of the service free → 0.
    finish(b, t3, '09:05:00');
    expect(b.issued(ticket('t7', '09:05:10'), at('09:05:10')).ql).toBe(0);
  });

  it('QL averages the last 50 service times only, and forgets a counter idle on the service for over an hour', () => {
    const b = new WaitBaselines();
    // Counter B serves one PS ticket at 08:00 (30 min), then never again.
    const early = ticket('b0', '08:00:00', 'B');
    b.issued(early, early.issuedMs);
    call(b, early, '08:00:00');
    finish(b, early, '08:30:00');
    // Counter A then serves 50 tickets of 60 s back to back from 08:30 to 09:20, and one more from 09:20.
    for (let i = 0; i <= 50; i++) {
      const t = ticket(`a${i}`, '08:30:00', 'A');
      b.issued(t, t.issuedMs);
      t.calledMs = at('08:30:00') + i * 60_000;
      b.called(t, t.calledMs);
      if (i < 50) {
        t.doneMs = t.calledMs + 60_000;
        b.done(t, t.doneMs);
      }
    }
    // 09:20:30, nobody waiting: B (free) served PS within the hour → 0.
    expect(b.issued(ticket('w0', '09:20:30'), at('09:20:30')).ql).toBe(0);
    // 09:31, one waiting (w0): B's last PS was 08:30, over an hour ago, so only A (busy) counts, and
    // the 30-min service is no longer among the last 50: (1 + 1) × 60 s ÷ 1.
    expect(b.issued(ticket('w1', '09:31:00'), at('09:31:00')).ql).toBe(120);
  });
});
