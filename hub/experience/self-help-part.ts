/**
 * Kiosk sessions that took a self-help answer → tallies by the need the customer's question was
 * understood as: how many, how many the kiosk was sure of, how many it helped (completed) and how
 * many ended with the customer asking for a person (escalated). Never the question. Pure.
 */
import { inWindow, type Window } from './durations.ts';
import type { KioskSessionRecord, Need, SelfHelpPart, SelfHelpTally } from './kpi-types.ts';

const emptyTally = (): SelfHelpTally => ({ sessions: 0, sure: 0, helped: 0, handedOver: 0 });

export function selfHelpPart(sessions: readonly KioskSessionRecord[], window: Window): SelfHelpPart {
  const part: SelfHelpPart = {};
  for (const { at, answer, outcome } of sessions) {
    if (!answer || !inWindow(at, window)) continue;
    const tally = (part[answer.need] ??= emptyTally());
    tally.sessions += 1;
    if (answer.sure) tally.sure += 1;
    if (outcome === 'completed') tally.helped += 1;
    if (outcome === 'escalated') tally.handedOver += 1;
  }
  return part;
}

function addTally(into: SelfHelpTally, tally: SelfHelpTally): void {
  into.sessions += tally.sessions;
  into.sure += tally.sure;
  into.helped += tally.helped;
  into.handedOver += tally.handedOver;
}

/** Adds up parts; a part missing (an hour computed before answers were counted) adds nothing. */
export function mergeSelfHelpParts(parts: ReadonlyArray<SelfHelpPart | undefined>): SelfHelpPart {
  const merged: SelfHelpPart = {};
  for (const part of parts) {
    for (const [need, tally] of Object.entries(part ?? {}) as Array<[Need, SelfHelpTally]>) addTally((merged[need] ??= emptyTally()), tally);
  }
  return merged;
}

/** All needs of a part together. */
export function selfHelpTotal(part: SelfHelpPart): SelfHelpTally {
  const total = emptyTally();
  for (const tally of Object.values(part)) addTally(total, tally);
  return total;
}
