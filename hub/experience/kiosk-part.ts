/** Kiosk sessions → counts by task and outcome for one window. Pure. */
import { inWindow, type Window } from './durations.ts';
import type { KioskPart, KioskSessionRecord } from './kpi-types.ts';

export function kioskPart(sessions: readonly KioskSessionRecord[], window: Window): KioskPart {
  const part: KioskPart = {};
  for (const session of sessions) {
    if (!inWindow(session.at, window)) continue;
    const outcomes = (part[session.task] ??= {});
    outcomes[session.outcome] = (outcomes[session.outcome] ?? 0) + 1;
  }
  return part;
}

export function mergeKioskParts(parts: readonly KioskPart[]): KioskPart {
  const merged: KioskPart = {};
  for (const part of parts) {
    for (const [task, outcomes] of Object.entries(part) as Array<[keyof KioskPart, NonNullable<KioskPart[keyof KioskPart]>]>) {
      const into = (merged[task] ??= {});
      for (const [outcome, count] of Object.entries(outcomes) as Array<[keyof typeof outcomes, number]>) {
        into[outcome] = (into[outcome] ?? 0) + count;
      }
    }
  }
  return merged;
}
