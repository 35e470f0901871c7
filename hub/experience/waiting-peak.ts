/**
 * The most tickets waiting at once in a window. A ticket waits from `joinedAt` until its first
 * call (or its end, when it never was called); the count only rises when a ticket joins, so the
 * peak is at the window's start or at a join inside it. Pure.
 */
import type { Window } from './durations.ts';
import type { TicketRecord } from './kpi-types.ts';

export function peakWaiting(tickets: readonly TicketRecord[], window: Window): number {
  let waiting = 0;
  const changes: Array<{ at: number; delta: number }> = [];
  for (const ticket of tickets) {
    const from = ticket.joinedAt;
    const to = ticket.calledAt ?? ticket.endedAt ?? Number.POSITIVE_INFINITY;
    if (to <= from || from >= window.end || to <= window.start) continue;
    if (from <= window.start) waiting += 1;
    else changes.push({ at: from, delta: 1 });
    if (to < window.end) changes.push({ at: to, delta: -1 });
  }
  changes.sort((a, b) => a.at - b.at);
  let peak = waiting;
  for (let i = 0; i < changes.length; i += 1) {
    waiting += changes[i]!.delta;
    // Everything that happens at one instant is applied before that instant is measured.
    if (changes[i + 1]?.at !== changes[i]!.at) peak = Math.max(peak, waiting);
  }
  return peak;
}
