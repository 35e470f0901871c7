/** The floor manager's calls, each with the signed-in person's bearer token. */
import { apiRequest } from '../../../shared/api/http.ts';
import type { AlertDetail, AlertView, DispatchView, StaffBoardEntry, ZoneInfo } from '../../../shared/api/dispatch-types.ts';
import type { CounterView, ServiceSummary } from '../../../shared/api/queue-types.ts';

const segment = encodeURIComponent;

export type AlertAction = 'acknowledge' | 'resolve';

export function floorApi(token: string) {
  return {
    zones: async () => (await apiRequest<{ zones: ZoneInfo[] }>('/branch', { token })).zones,
    services: () => apiRequest<ServiceSummary[]>('/queue/services', { token }),
    counters: () => apiRequest<CounterView[]>('/queue/counters', { token }),
    staffBoard: () => apiRequest<StaffBoardEntry[]>('/staff/board', { token }),
    /** The latest alerts, newest first, whatever their status. */
    recentAlerts: () => apiRequest<AlertView[]>('/alerts', { token }),
    alert: (alertId: string) => apiRequest<AlertDetail>(`/alerts/${segment(alertId)}`, { token }),
    actOnAlert: (alertId: string, action: AlertAction) => apiRequest<AlertView>(`/alerts/${segment(alertId)}/${action}`, { method: 'POST', token }),
    reassign: (dispatchId: string, staffId: string) => apiRequest<DispatchView>(`/dispatches/${segment(dispatchId)}/reassign`, { json: { staffId }, token }),
    cancel: (dispatchId: string) => apiRequest<DispatchView>(`/dispatches/${segment(dispatchId)}/cancel`, { method: 'POST', token }),
  };
}

export type FloorApi = ReturnType<typeof floorApi>;
