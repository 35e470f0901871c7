/**
 * Merging hours is the same as computing the whole day at once: for random records split at
 * random branch-local hour boundaries, the merged aggregate equals the direct one, and the
 * histogram p90 stays within one bucket below the exact nearest-rank p90.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISTRESS_KINDS, KIOSK_OUTCOMES, KIOSK_TASKS } from '../../protocol/events.ts';
import { NEEDS } from '../../protocol/needs.ts';
import { aggregatePeriod, mergeAggregates } from './aggregate.ts';
import { bucketWidth, nearestRank } from './histogram.ts';
import type { AlertRecord, ExperienceRecords, TicketRecord, TicketStatus } from './kpi-types.ts';
import { kpisOf } from './kpis.ts';
import { HOUR_MS, localHourStarts } from './local-hours.ts';

const DAYS = [
  { day: '2026-03-29', timezone: 'Europe/Berlin' },
  { day: '2026-10-25', timezone: 'Europe/Berlin' },
  { day: '2026-11-23', timezone: 'Asia/Shanghai' },
];
const TARGETS = { teller: 600, fx: 900 }; // loans has no target
const MAX_STEP_MS = 3 * HOUR_MS;

/** Times anywhere around the day, often exactly on an hour edge, where off-by-one bugs live. */
function recordsArbitrary(from: number, to: number, edges: readonly number[]): fc.Arbitrary<ExperienceRecords> {
  const at = fc.oneof(fc.integer({ min: from, max: to }), fc.constantFrom(...edges));
  const step = fc.option(fc.oneof(fc.integer({ min: 0, max: MAX_STEP_MS }), fc.constantFrom(0, HOUR_MS)), { nil: null });
  const ticket = fc
    .record({ serviceId: fc.constantFrom('teller', 'fx', 'loans'), joinedAt: at, transferred: fc.boolean(), call: step, start: step, end: step, pick: fc.nat() })
    .map(({ serviceId, joinedAt, transferred, call, start, end, pick }): TicketRecord => {
      const calledAt = call === null ? null : joinedAt + call;
      const startedAt = calledAt === null || start === null ? null : calledAt + start;
      const endedAt = end === null ? null : (startedAt ?? calledAt ?? joinedAt) + end;
      const choose = (options: TicketStatus[]) => options[pick % options.length]!;
      const status = endedAt === null
        ? startedAt !== null ? 'serving' : calledAt !== null ? 'called' : 'waiting'
        : startedAt !== null ? choose(['done', 'transferred']) : choose(['no-show', 'left', 'cancelled', 'transferred']);
      return {
        id: `t${pick}`, serviceId, status, issuedAt: transferred ? joinedAt - HOUR_MS : joinedAt, joinedAt,
        calledAt, startedAt, endedAt, transferredFromId: transferred ? 'earlier' : null,
      };
    });
  const feedback = fc.record({
    at, serviceId: fc.option(fc.constantFrom('teller', 'fx'), { nil: null }), csat: fc.integer({ min: 1, max: 5 }),
    nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), comment: fc.option(fc.constantFrom('', ' ', 'slow', 'thanks'), { nil: null }),
  });
  const alert = fc
    .record({ kind: fc.constantFrom(...DISTRESS_KINDS, 'edge-offline'), openedAt: at, resolve: step, resolvedBy: fc.constantFrom('staff', 'manager', 'auto') as fc.Arbitrary<'staff' | 'manager' | 'auto'> })
    .map(({ kind, openedAt, resolve, resolvedBy }): AlertRecord => ({
      id: 'a', kind, openedAt, resolvedAt: resolve === null ? null : openedAt + resolve, resolvedBy: resolve === null ? null : resolvedBy,
    }));
  const dispatch = fc.record({ createdAt: at, accept: step, arrive: step }).map(({ createdAt, accept, arrive }) => {
    const acceptedAt = accept === null ? null : createdAt + accept;
    return { id: 'd', alertId: 'a', createdAt, acceptedAt, arrivedAt: acceptedAt === null || arrive === null ? null : acceptedAt + arrive };
  });
  const answer = fc.option(fc.record({ need: fc.constantFrom(...NEEDS.slice(0, 5)), sure: fc.boolean() }), { nil: undefined });
  const kioskSession = fc.record(
    { at, zoneId: fc.constant('kiosk-area'), task: fc.constantFrom(...KIOSK_TASKS), outcome: fc.constantFrom(...KIOSK_OUTCOMES), answer },
    { requiredKeys: ['at', 'zoneId', 'task', 'outcome'] },
  );
  const observation = fc.record({ at, zoneId: fc.constantFrom('teller-line', 'fx-line'), count: fc.nat({ max: 40 }) });
  return fc.record({
    tickets: fc.array(ticket, { maxLength: 80 }),
    feedback: fc.array(feedback, { maxLength: 40 }),
    alerts: fc.array(alert, { maxLength: 15 }),
    dispatches: fc.array(dispatch, { maxLength: 15 }),
    kioskSessions: fc.array(kioskSession, { maxLength: 30 }),
    queueObservations: fc.array(observation, { maxLength: 30 }),
  });
}

/** The exact nearest-rank p90 of the waits of the tickets served in [start, end), in seconds. */
function exactP90Wait(tickets: readonly TicketRecord[], start: number, end: number): number | null {
  const waits = tickets
    .filter((t) => t.startedAt !== null && t.startedAt >= start && t.startedAt < end)
    .map((t) => Math.max(0, (t.calledAt ?? t.startedAt!) - t.joinedAt) / 1000)
    .sort((a, b) => a - b);
  return waits.length === 0 ? null : waits[nearestRank(90, waits.length) - 1]!;
}

describe('merging hours', () => {
  for (const { day, timezone } of DAYS) {
    it(`gives the same KPIs as the whole day at once (${timezone}, ${day})`, () => {
      const hours = localHourStarts(day, timezone);
      const start = hours[0]!;
      const end = hours.at(-1)! + HOUR_MS;
      const cuts = fc.uniqueArray(fc.integer({ min: 1, max: hours.length - 1 }), { maxLength: hours.length - 1 });
      fc.assert(
        fc.property(recordsArbitrary(start - 2 * HOUR_MS, end + 2 * HOUR_MS, [...hours, end]), cuts, (log, cutIndexes) => {
          const edges = [start, ...[...cutIndexes].sort((a, b) => a - b).map((i) => hours[i]!), end];
          const pieces = edges.slice(1).map((pieceEnd, i) => aggregatePeriod(log, { start: edges[i]!, end: pieceEnd }, timezone, TARGETS));
          const direct = aggregatePeriod(log, { start, end }, timezone, TARGETS);
          const merged = mergeAggregates(pieces);
          expect(merged).toEqual(direct);
          for (const minResponses of [1, 30]) expect(kpisOf(merged, { minResponses })).toEqual(kpisOf(direct, { minResponses }));

          const p90 = kpisOf(merged, { minResponses: 1 }).tickets.wait.p90S;
          const exact = exactP90Wait(log.tickets, start, end);
          if (exact === null) expect(p90).toBeNull();
          else {
            expect(p90).not.toBeNull();
            expect(p90!).toBeLessThanOrEqual(exact);
            expect(exact - p90!).toBeLessThan(bucketWidth(p90!));
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
