/** Alerts and dispatches → incidents by kind and response times for one window. Pure. */
import { addDuration, emptyDurations, inWindow, mergeDurations, type Window } from './durations.ts';
import type { AlertPart, AlertRecord, DispatchRecord } from './kpi-types.ts';

export function emptyAlertPart(): AlertPart {
  return { openedByKind: {}, resolvedByPerson: 0, resolvedAuto: 0, accept: emptyDurations(), arrive: emptyDurations(), resolve: emptyDurations() };
}

export function alertPart(alerts: readonly AlertRecord[], dispatches: readonly DispatchRecord[], window: Window): AlertPart {
  const part = emptyAlertPart();
  for (const alert of alerts) {
    if (inWindow(alert.openedAt, window)) part.openedByKind[alert.kind] = (part.openedByKind[alert.kind] ?? 0) + 1;
    if (!inWindow(alert.resolvedAt, window)) continue;
    // An alert that closed by itself (its cause cleared) measures nobody's response.
    if (alert.resolvedBy === 'auto') part.resolvedAuto += 1;
    else if (alert.resolvedBy !== null) {
      part.resolvedByPerson += 1;
      addDuration(part.resolve, alert.resolvedAt - alert.openedAt);
    }
  }
  for (const dispatch of dispatches) {
    if (inWindow(dispatch.acceptedAt, window)) addDuration(part.accept, dispatch.acceptedAt - dispatch.createdAt);
    if (inWindow(dispatch.arrivedAt, window) && dispatch.acceptedAt !== null) addDuration(part.arrive, dispatch.arrivedAt - dispatch.acceptedAt);
  }
  return part;
}

export function mergeAlertParts(parts: readonly AlertPart[]): AlertPart {
  const openedByKind: Record<string, number> = {};
  for (const part of parts) {
    for (const [kind, count] of Object.entries(part.openedByKind)) openedByKind[kind] = (openedByKind[kind] ?? 0) + count;
  }
  return {
    openedByKind,
    resolvedByPerson: parts.reduce((sum, part) => sum + part.resolvedByPerson, 0),
    resolvedAuto: parts.reduce((sum, part) => sum + part.resolvedAuto, 0),
    accept: mergeDurations(parts.map((part) => part.accept)),
    arrive: mergeDurations(parts.map((part) => part.arrive)),
    resolve: mergeDurations(parts.map((part) => part.resolve)),
  };
}
