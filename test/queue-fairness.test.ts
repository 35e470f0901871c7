/**
 * Random traffic through the real queue service (SQLite, fake clock): customers of every class
 * arriving, counters opening, closing, calling and finishing, time passing.
 *
 * Invariant, checked at every call-next: the ticket called was waiting for one of the counter's
 * services, and no other waiting ticket of those services had waited further past its class's
 * maximum than it (if anyone was overdue, the most overdue was called). A call that answers
 * "no one is waiting" had nobody waiting for the counter, a closed counter never calls, and a
 * counter never holds two tickets.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpError } from '../hub/api/errors.ts';
import { overdueMs, type FairnessPolicy, type PriorityClass } from '../hub/queue/policy.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock } from './helpers/queue-api.ts';

const MONDAY_0900 = Date.parse('2026-03-02T01:00:00Z');
const clock = new FakeClock(MONDAY_0900);
let hub: TestHub;
const COUNTERS = ['c1', 'c2', 'c3', 'c4'];
const SERVICES = ['teller', 'accounts', 'fx'];
// The demo branch's policy (hub/branch/demo-branch.json).
const POLICY: FairnessPolicy = { priorityRatio: 2, maxWaitS: { appointment: 600, assisted: 900, vip: 900, normal: 3600 } };

const command = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('arrive' as const), serviceId: fc.constantFrom(...SERVICES), priority: fc.constantFrom<PriorityClass>('normal', 'normal', 'assisted', 'vip', 'appointment') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('call' as const), counter: fc.constantFrom(...COUNTERS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('finish' as const), counter: fc.constantFrom(...COUNTERS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggle' as const), counter: fc.constantFrom(...COUNTERS) }) },
);

const statusOf = (error: unknown) => (error as HttpError).statusCode;

async function checkedCall(counterId: string): Promise<void> {
  const counter = await hub.db.counter.findUniqueOrThrow({ where: { branchId_id: { branchId: hub.branchId, id: counterId } } });
  const serviceIds = JSON.parse(counter.serviceIds) as string[];
  const held = await hub.db.ticket.count({ where: { counterId, status: { in: ['called', 'serving'] } } });
  const waiting = await hub.db.ticket.findMany({ where: { status: 'waiting', serviceId: { in: serviceIds } } });
  const now = clock.now();
  const overdue = (ticket: (typeof waiting)[number]) => overdueMs({ id: ticket.id, serviceId: ticket.serviceId, priority: ticket.priority as PriorityClass, queuedAtMs: ticket.queuedAt.getTime() }, now, POLICY);
  try {
    const called = await hub.queue.callNext(counterId, 'test');
    expect(counter.open).toBe(true);
    expect(held).toBe(0);
    const chosen = waiting.find((ticket) => ticket.id === called.id);
    expect(chosen, 'the called ticket was waiting for this counter').toBeDefined();
    const mostOverdue = Math.max(...waiting.map(overdue));
    if (mostOverdue > 0) expect(overdue(chosen!), 'the most overdue ticket is called first').toBe(mostOverdue);
  } catch (error) {
    if (statusOf(error) === 404) expect(waiting).toEqual([]);
    else if (statusOf(error) === 409) expect(!counter.open || held > 0).toBe(true);
    else throw error;
  }
}

async function finish(counterId: string): Promise<void> {
  const ticket = await hub.db.ticket.findFirst({ where: { counterId, status: { in: ['called', 'serving'] } } });
  if (!ticket) return;
  if (ticket.status === 'called') await hub.queue.act(ticket.id, 'start', 'test');
  await hub.queue.act(ticket.id, 'done', 'test');
}

beforeAll(async () => {
  hub = await startTestHub({}, { now: clock.now });
});
afterAll(() => hub.close());

describe('queue service under random traffic', () => {
  // Hundreds of real queue changes through SQLite: generous on a shared 2-core CI machine.
  it('always calls the most overdue ticket a counter may serve, and never a ticket twice', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(COUNTERS, { minLength: 1 }), fc.array(command, { minLength: 20, maxLength: 60 }), async (open, commands) => {
        clock.ms = MONDAY_0900;
        await hub.db.ticket.deleteMany();
        for (const counterId of COUNTERS) await hub.queue.setCounterOpen(counterId, false);
        for (const counterId of open) await hub.queue.setCounterOpen(counterId, true);
        for (const step of commands) {
          if (step.kind === 'arrive') await hub.queue.issue({ serviceId: step.serviceId, priority: step.priority, language: 'zh-CN', actor: 'test' });
          else if (step.kind === 'wait') clock.advance(step.minutes);
          else if (step.kind === 'call') await checkedCall(step.counter);
          else if (step.kind === 'finish') await finish(step.counter);
          else {
            const counter = await hub.db.counter.findUniqueOrThrow({ where: { branchId_id: { branchId: hub.branchId, id: step.counter } } });
            await hub.queue.setCounterOpen(step.counter, !counter.open).catch((error: unknown) => expect(statusOf(error)).toBe(409));
          }
        }
        const calls = await hub.db.ticketEvent.groupBy({ by: ['ticketId'], where: { from: 'waiting', to: 'called' }, _count: { _all: true } });
        expect(calls.every((group) => group._count._all === 1)).toBe(true);
        const holding = await hub.db.ticket.groupBy({ by: ['counterId'], where: { status: { in: ['called', 'serving'] } }, _count: { _all: true } });
        expect(holding.every((group) => group._count._all === 1)).toBe(true);
      }),
      { numRuns: 12 },
    );
  });
});
