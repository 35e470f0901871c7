import { describe, expect, it } from 'vitest';
import { simulateDay, type SimTicket } from './simulate.ts';
import { DEMO_BRANCH_DAY } from './simulate-scenario.ts';
import { WaitPredictor } from './wait-predictor.ts';

const DAY_START = Date.UTC(2025, 0, 6);
const OPEN = DAY_START + DEMO_BRANCH_DAY.openMin * 60_000;
const CLOSE = DAY_START + DEMO_BRANCH_DAY.closeMin * 60_000;

const day = (seed: number, predictor = new WaitPredictor()) => simulateDay(DEMO_BRANCH_DAY, { seed, predictor, dayStartMs: DAY_START });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const waitS = (ticket: SimTicket) => (ticket.calledMs! - ticket.issuedMs) / 1000;

describe('simulateDay', () => {
  it('replays the same day for the same seed, and another day for another seed', () => {
    const first = day(42).tickets;
    expect(day(42).tickets).toEqual(first);
    expect(day(43).tickets).not.toEqual(first);
    expect(first.length).toBeGreaterThan(150);
  });

  it('accounts for every ticket: served, gave up, or still waiting at closing time', () => {
    for (const seed of [1, 2, 3]) {
      const { tickets } = day(seed);
      const ids = new Set(tickets.map((ticket) => ticket.id));
      expect(ids.size).toBe(tickets.length);
      for (const ticket of tickets) {
        expect(ticket.issuedMs).toBeGreaterThanOrEqual(OPEN);
        expect(ticket.issuedMs).toBeLessThan(CLOSE);
        if (ticket.outcome === 'served') {
          expect(ticket.calledMs).toBeGreaterThanOrEqual(ticket.issuedMs);
          expect(ticket.calledMs).toBeLessThan(CLOSE);
          expect(ticket.leftMs).toBeNull();
        } else if (ticket.outcome === 'left') {
          expect(ticket.leftMs).toBeGreaterThan(ticket.issuedMs);
          expect(ticket.calledMs).toBeNull();
        } else {
          expect(ticket.calledMs).toBeNull();
          expect(ticket.leftMs).toBeNull();
        }
      }
      const outcomes = new Set(tickets.map((ticket) => ticket.outcome));
      expect(outcomes.has('served') && outcomes.has('left')).toBe(true);
    }
  });

  it('calls by the fairness policy: priority customers wait less than normal ones', () => {
    const tickets = [1, 2, 3].flatMap((seed) => day(seed).tickets).filter((ticket) => ticket.outcome === 'served' && ticket.serviceId === 'teller');
    const normal = tickets.filter((ticket) => ticket.priority === 'normal').map(waitS);
    const priority = tickets.filter((ticket) => ticket.priority !== 'normal').map(waitS);
    expect(median(priority)).toBeLessThan(median(normal));
  });

  it('asks the predictor at every issue, and a predictor that lived through a few days holds most waits in its range', () => {
    const predictor = new WaitPredictor();
    for (const seed of [1, 2]) simulateDay(DEMO_BRANCH_DAY, { seed, predictor, dayStartMs: DAY_START + (seed - 1) * 86_400_000 });
    const { tickets } = simulateDay(DEMO_BRANCH_DAY, { seed: 3, predictor, dayStartMs: DAY_START + 2 * 86_400_000 });
    const served = tickets.filter((ticket) => ticket.outcome === 'served');
    const inside = served.filter((ticket) => waitS(ticket) >= ticket.prediction.lowS && waitS(ticket) <= ticket.prediction.highS);
    expect(inside.length / served.length).toBeGreaterThan(0.75);
  });
});
