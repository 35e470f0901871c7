/** The staff member's calls, each with their bearer token. */
import { apiRequest } from '../../../shared/api/http.ts';
import type { DispatchView, PresenceStatus, PresenceView, ZoneInfo } from '../../../shared/api/dispatch-types.ts';

const segment = encodeURIComponent;

export type DispatchStep = 'accept' | 'decline' | 'arrived';

export function staffApi(token: string) {
  return {
    zones: async () => (await apiRequest<{ zones: ZoneInfo[] }>('/branch', { token })).zones,
    mine: () => apiRequest<DispatchView[]>('/dispatches/mine', { token }),
    myPresence: () => apiRequest<PresenceView>('/staff/me/presence', { token }),
    setPresence: (status: PresenceStatus, zoneId: string | null) => apiRequest<PresenceView>('/staff/me/presence', { method: 'PUT', json: { status, zoneId }, token }),
    step: (dispatchId: string, step: DispatchStep) => apiRequest<DispatchView>(`/dispatches/${segment(dispatchId)}/${step}`, { method: 'POST', token }),
    resolve: (dispatchId: string, outcome: string) => apiRequest<DispatchView>(`/dispatches/${segment(dispatchId)}/resolve`, { json: { outcome }, token }),
  };
}

export type StaffApi = ReturnType<typeof staffApi>;
