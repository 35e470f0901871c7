/**
 * Records → the partial aggregate of a branch-local hour (or of any run of whole hours), and
 * aggregates → their merge: a day is the merge of its hours, an HQ period the merge of
 * branch-days, and neither rescans a record. Pure.
 */
import { alertPart, mergeAlertParts } from './alert-part.ts';
import { cameraPeaks, mergePeaks } from './camera-peaks.ts';
import type { Window } from './durations.ts';
import { feedbackParts, mergeFeedbackParts } from './feedback-part.ts';
import { kioskPart, mergeKioskParts } from './kiosk-part.ts';
import type { ExperienceRecords, FeedbackPart, HourAggregate, ServiceTargets, TicketPart } from './kpi-types.ts';
import { HOUR_MS, isLocalHourStart } from './local-hours.ts';
import { mergeSelfHelpParts, selfHelpPart } from './self-help-part.ts';
import { mergeTicketParts, ticketParts } from './ticket-part.ts';
import { peakWaiting } from './waiting-peak.ts';

/**
 * The aggregate of the whole branch-local hours in [start, end). Pass every record that may
 * have a moment inside it (the window picks them) and the services' targets in force then.
 */
export function aggregatePeriod(records: ExperienceRecords, window: Window, timezone: string, targets: ServiceTargets): HourAggregate {
  for (const edge of [window.start, window.end]) {
    if (!isLocalHourStart(edge, timezone)) throw new RangeError(`${new Date(edge).toISOString()} does not begin a ${timezone} hour`);
  }
  if (window.end <= window.start) throw new RangeError('a period must end after it starts');
  const feedback = feedbackParts(records.feedback, window);
  return {
    start: window.start,
    end: window.end,
    hours: (window.end - window.start) / HOUR_MS,
    tickets: ticketParts(records.tickets, window, targets),
    peakWaiting: peakWaiting(records.tickets, window),
    feedback: feedback.all,
    feedbackByService: feedback.byService,
    alerts: alertPart(records.alerts, records.dispatches, window),
    kiosk: kioskPart(records.kioskSessions, window),
    selfHelp: selfHelpPart(records.kioskSessions, window),
    cameraPeaks: cameraPeaks(records.queueObservations, window),
  };
}

/** The aggregate of the branch-local hour that begins at `hourStart`. */
export function aggregateHour(records: ExperienceRecords, hourStart: number, timezone: string, targets: ServiceTargets): HourAggregate {
  return aggregatePeriod(records, { start: hourStart, end: hourStart + HOUR_MS }, timezone, targets);
}

function mergeKeyed<T>(list: readonly Record<string, T>[], merge: (parts: T[]) => T): Record<string, T> {
  const grouped = new Map<string, T[]>();
  for (const record of list) {
    for (const [key, part] of Object.entries(record)) {
      const parts = grouped.get(key);
      if (parts) parts.push(part);
      else grouped.set(key, [part]);
    }
  }
  return Object.fromEntries([...grouped].map(([key, parts]) => [key, merge(parts)]));
}

/**
 * Merges aggregates of different hours or branches (never the same branch-hour twice: it would
 * count twice). Counts and sums add, histograms add, peaks take the highest.
 */
export function mergeAggregates(list: readonly HourAggregate[]): HourAggregate {
  if (list.length === 0) throw new RangeError('nothing to merge');
  return {
    start: list.reduce((earliest, a) => Math.min(earliest, a.start), Number.POSITIVE_INFINITY),
    end: list.reduce((latest, a) => Math.max(latest, a.end), Number.NEGATIVE_INFINITY),
    hours: list.reduce((sum, a) => sum + a.hours, 0),
    tickets: mergeKeyed<TicketPart>(list.map((a) => a.tickets), mergeTicketParts),
    peakWaiting: list.reduce((peak, a) => Math.max(peak, a.peakWaiting), 0),
    feedback: mergeFeedbackParts(list.map((a) => a.feedback)),
    feedbackByService: mergeKeyed<FeedbackPart>(list.map((a) => a.feedbackByService), mergeFeedbackParts),
    alerts: mergeAlertParts(list.map((a) => a.alerts)),
    kiosk: mergeKioskParts(list.map((a) => a.kiosk)),
    selfHelp: mergeSelfHelpParts(list.map((a) => a.selfHelp)),
    cameraPeaks: mergePeaks(list.map((a) => a.cameraPeaks)),
  };
}
