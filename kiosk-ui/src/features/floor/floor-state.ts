/**
 * What the floor screen knows from the `/floor` socket: live zone counts, nodes, the open alerts
 * with their dispatches, and the day's timeline (alerts opened and closed). Pure, so a snapshot
 * after a reconnect and the events that follow always give the same picture.
 */
import type { AlertView, DispatchView, FloorServerEvents, NodeState, ZoneState } from '../../shared/api/dispatch-types.ts';
import { severityRank } from '../../shared/format/alert-words.ts';

export interface TimelineEntry {
  /** `<alertId>:opened` or `<alertId>:closed`: one entry per alert and event. */
  key: string;
  at: string;
  event: 'opened' | 'closed';
  alert: AlertView;
}

/** What the floor shows of a zone: its live camera count. */
export type LiveZone = Pick<ZoneState, 'zoneId' | 'count' | 'updatedAt'>;

export interface FloorState {
  zones: Record<string, LiveZone>;
  nodes: Record<string, NodeState>;
  /** Open and acknowledged alerts, by id. */
  alerts: Record<string, AlertView>;
  /** The latest dispatch of each alert, by alert id. */
  dispatches: Record<string, DispatchSummary>;
  timeline: TimelineEntry[];
}

/** What the floor shows of a dispatch: where it stands and who has it. */
export type DispatchSummary = Pick<DispatchView, 'id' | 'alertId' | 'status' | 'staffId'>;

export const EMPTY_FLOOR: FloorState = { zones: {}, nodes: {}, alerts: {}, dispatches: {}, timeline: [] };

type Payload<E extends keyof FloorServerEvents> = Parameters<FloorServerEvents[E]>[0];
export type FloorEvent =
  | { [E in keyof FloorServerEvents]: { type: E; payload: Payload<E> } }[keyof FloorServerEvents]
  /** The branch's recent alerts (`GET /api/v1/alerts`), for the timeline of what happened before the screen connected. */
  | { type: 'history'; payload: AlertView[] }
  /** Dispatches of the open alerts read from the API after a (re)connect; live events win. */
  | { type: 'known-dispatches'; payload: DispatchSummary[] };

function sameDay(iso: string, today: Date): boolean {
  const day = new Date(iso);
  return day.getFullYear() === today.getFullYear() && day.getMonth() === today.getMonth() && day.getDate() === today.getDate();
}

/** Adds the alert's opened/closed entries not yet on the timeline; only today's, newest first. */
function withTimeline(timeline: TimelineEntry[], alert: AlertView, today: Date): TimelineEntry[] {
  const fresh: TimelineEntry[] = [];
  const has = new Set(timeline.map((entry) => entry.key));
  if (!has.has(`${alert.id}:opened`)) fresh.push({ key: `${alert.id}:opened`, at: alert.openedAt, event: 'opened', alert });
  if (alert.status === 'resolved' && !has.has(`${alert.id}:closed`)) fresh.push({ key: `${alert.id}:closed`, at: alert.updatedAt, event: 'closed', alert });
  if (fresh.length === 0) return timeline;
  return [...timeline, ...fresh].filter((entry) => sameDay(entry.at, today)).sort((a, b) => b.at.localeCompare(a.at));
}

export function floorReducer(state: FloorState, event: FloorEvent, today = new Date()): FloorState {
  switch (event.type) {
    case 'snapshot': {
      const { zones, nodes, alerts } = event.payload;
      let timeline = state.timeline;
      for (const alert of alerts) timeline = withTimeline(timeline, alert, today);
      return {
        ...state,
        zones: Object.fromEntries(zones.map((zone) => [zone.zoneId, zone])),
        nodes: Object.fromEntries(nodes.map((node) => [node.sourceId, node])),
        alerts: Object.fromEntries(alerts.filter((alert) => alert.status !== 'resolved').map((alert) => [alert.id, alert])),
        timeline,
      };
    }
    case 'zone':
      return { ...state, zones: { ...state.zones, [event.payload.zoneId]: event.payload } };
    case 'node':
      return { ...state, nodes: { ...state.nodes, [event.payload.sourceId]: event.payload } };
    case 'alert': {
      const alert = event.payload;
      const alerts = { ...state.alerts };
      if (alert.status === 'resolved') delete alerts[alert.id];
      else alerts[alert.id] = alert;
      return { ...state, alerts, timeline: withTimeline(state.timeline, alert, today) };
    }
    case 'dispatch': {
      const { id, alertId, status, staffId } = event.payload;
      return { ...state, dispatches: { ...state.dispatches, [alertId]: { id, alertId, status, staffId } } };
    }
    case 'history': {
      let timeline = state.timeline;
      for (const alert of event.payload) timeline = withTimeline(timeline, alert, today);
      return { ...state, timeline };
    }
    case 'known-dispatches': {
      const known = Object.fromEntries(event.payload.map((dispatch) => [dispatch.alertId, dispatch]));
      return { ...state, dispatches: { ...known, ...state.dispatches } };
    }
    case 'staff':
      // Presence changes reach the staff board, which reloads; nothing here depends on them.
      return state;
  }
}

/** Most severe first; of equal severity, the one waiting longest. */
export function alertsBySeverity(alerts: Record<string, AlertView>): AlertView[] {
  return Object.values(alerts).sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.openedAt.localeCompare(b.openedAt));
}

/** An alert that just became high (new, or raised), so the floor screen sounds. */
export function becameHigh(before: AlertView | undefined, after: AlertView): boolean {
  return after.status !== 'resolved' && after.severity === 'high' && before?.severity !== 'high';
}
