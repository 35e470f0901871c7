/** The staff calls of the counter screen, each with the signed-in person's bearer token. */
import { apiRequest } from '../../../shared/api/http.ts';
import type { CounterView, ServiceSummary, TicketView } from '../../../shared/api/queue-types.ts';

export type TicketAction = 'recall' | 'start' | 'done' | 'no-show';

const segment = encodeURIComponent;

export function counterApi(token: string) {
  return {
    counters: () => apiRequest<CounterView[]>('/queue/counters', { token }),
    services: () => apiRequest<ServiceSummary[]>('/queue/services', { token }),
    setOpen: (counterId: string, open: boolean) => apiRequest<CounterView>(`/queue/counters/${segment(counterId)}/${open ? 'open' : 'close'}`, { method: 'POST', token }),
    callNext: (counterId: string) => apiRequest<TicketView>(`/queue/counters/${segment(counterId)}/call-next`, { method: 'POST', token }),
    act: (ticketId: string, action: TicketAction) => apiRequest<TicketView>(`/queue/tickets/${segment(ticketId)}/${action}`, { method: 'POST', token }),
    transfer: (ticketId: string, serviceId: string) => apiRequest<TicketView>(`/queue/tickets/${segment(ticketId)}/transfer`, { json: { serviceId }, token }),
  };
}

export type CounterApi = ReturnType<typeof counterApi>;
