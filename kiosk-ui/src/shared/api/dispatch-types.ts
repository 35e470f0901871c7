/**
 * Alerts, dispatches and staff presence as the floor and staff screens use them (the contract in
 * hub/dispatch/README.md). Imported from the hub as types only, so no server code reaches a
 * bundle and a change to the contract fails the typecheck.
 */
import type { AlertState } from '../../../../hub/bus.ts';
import type { AlertStepView } from '../../../../hub/alerts/alert-steps.ts';
import type { DispatchView } from '../../../../hub/dispatch/types.ts';
import type { FloorServerEvents as HubFloorEvents } from '../../../../hub/realtime/realtime.ts';
import type { StaffServerEvents } from '../../../../hub/realtime/staff-realtime.ts';
import type { ZoneState } from '../../../../hub/state/live-state.ts';

export type { BilingualText, NodeState } from '../../../../hub/bus.ts';
export type { DispatchView, PresenceStatus, PresenceView, StaffBoardEntry } from '../../../../hub/dispatch/types.ts';
export type { AlertStepView, ZoneState };
export type AlertView = AlertState;

/** `GET /api/v1/alerts/:id`: the alert, its story and its latest dispatch (hub/api/routes/alerts.ts). */
export interface AlertDetail extends AlertState {
  steps: AlertStepView[];
  dispatch: Omit<DispatchView, 'alert' | 'alertId' | 'offerExpiresAt'> | null;
}

/** The `/floor` socket's events, as a type alias: socket.io's typed sockets need an index signature. */
export type FloorServerEvents = { [E in keyof HubFloorEvents]: HubFloorEvents[E] };
export type { StaffServerEvents };

/** A zone of the branch (`GET /api/v1/branch`). */
export interface ZoneInfo {
  id: string;
  nameEn: string;
  nameZh: string;
  kind: string;
  serviceId: string | null;
}
