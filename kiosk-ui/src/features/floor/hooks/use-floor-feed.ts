/**
 * The `/floor` socket as state (floor-state.ts), and the alarm for an alert that becomes high.
 * Every (re)connect starts with a snapshot, so nothing is missed while the tablet was away; the
 * day's earlier alerts come from the API, for the timeline.
 */
import { useReducer, useRef } from 'react';
import type { Refusal } from '../../../shared/api/authed-socket.ts';
import type { AlertDetail, FloorServerEvents } from '../../../shared/api/dispatch-types.ts';
import { ApiError } from '../../../shared/api/http.ts';
import { useAuthedSocket, useSocketEvent, type AuthedSocket } from '../../../shared/hooks/use-authed-socket.ts';
import type { FloorApi } from '../api/floor-api.ts';
import { becameHigh, EMPTY_FLOOR, floorReducer, type DispatchSummary, type FloorEvent, type FloorState } from '../floor-state.ts';

export interface FloorFeed {
  state: FloorState;
  socket: AuthedSocket<FloorServerEvents> | null;
}

function dispatchOf(detail: AlertDetail): DispatchSummary[] {
  return detail.dispatch ? [{ id: detail.dispatch.id, alertId: detail.id, status: detail.dispatch.status, staffId: detail.dispatch.staffId }] : [];
}

export function useFloorFeed(api: FloorApi, token: string, onRefused: (refusal?: Refusal) => void, onHighAlert: () => void): FloorFeed {
  const [state, dispatch] = useReducer((current: FloorState, event: FloorEvent) => floorReducer(current, event), EMPTY_FLOOR);
  const alerts = useRef(state.alerts);
  alerts.current = state.alerts;
  const socket = useAuthedSocket<FloorServerEvents>('/floor', token, onRefused);

  useSocketEvent(socket, 'snapshot', (payload) => {
    dispatch({ type: 'snapshot', payload });
    // Without these the timeline starts now and dispatches show from their next change; only a
    // refused login needs acting on.
    const failed = (failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 401) onRefused();
    };
    api.recentAlerts().then((alerts) => dispatch({ type: 'history', payload: alerts }), failed);
    const needing = payload.alerts.filter((alert) => alert.needsPerson);
    Promise.all(needing.map((alert) => api.alert(alert.id))).then((details) => dispatch({ type: 'known-dispatches', payload: details.flatMap(dispatchOf) }), failed);
  });
  useSocketEvent(socket, 'zone', (payload) => dispatch({ type: 'zone', payload }));
  useSocketEvent(socket, 'node', (payload) => dispatch({ type: 'node', payload }));
  useSocketEvent(socket, 'dispatch', (payload) => dispatch({ type: 'dispatch', payload }));
  useSocketEvent(socket, 'alert', (payload) => {
    if (becameHigh(alerts.current[payload.id], payload)) onHighAlert();
    dispatch({ type: 'alert', payload });
  });
  return { state, socket };
}
