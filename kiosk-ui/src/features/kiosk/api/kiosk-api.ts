/** The hub calls the kiosk makes; all public (no credentials on a shared screen). */
import { apiRequest } from '../../../shared/api/http.ts';
import type { Booking, FeedbackInput, KbArticle, KbArticleSummary, KioskSettings, ServiceSummary, Slot, TicketView } from '../../../shared/api/queue-types.ts';
import type { Language } from '../../../shared/i18n/language.ts';

const segment = encodeURIComponent;

export const kioskApi = {
  settings: (kioskId: string) => apiRequest<KioskSettings>(`/kiosks/${segment(kioskId)}`),
  services: () => apiRequest<ServiceSummary[]>('/queue/services'),
  /**
   * The same `idempotencyKey` for every retry of one customer's request: the hub answers a retry
   * after a lost reply with the ticket already issued, not a second one (hub/queue/idempotent-requests.ts).
   */
  takeTicket: (input: { serviceId: string; priority: 'normal' | 'assisted'; language: Language }, idempotencyKey: string) =>
    apiRequest<TicketView>('/queue/tickets', { json: input, headers: { 'idempotency-key': idempotencyKey } }),
  slots: (serviceId: string, date: string) => apiRequest<Slot[]>(`/queue/appointments/slots?${new URLSearchParams({ serviceId, date })}`),
  book: (input: { serviceId: string; start: string }, idempotencyKey: string) =>
    apiRequest<Booking>('/queue/appointments', { json: input, headers: { 'idempotency-key': idempotencyKey } }),
  checkIn: (code: string, language: Language) => apiRequest<TicketView>(`/queue/appointments/${segment(code)}/check-in`, { json: { language } }),
  /** Every guide without a query; with one, the best guides and whether the hub is sure of the first. */
  articles: (query: string, language: Language) => {
    const params = new URLSearchParams({ lang: language });
    if (query.trim()) params.set('q', query.trim());
    return apiRequest<{ items: KbArticleSummary[]; sure: boolean | null }>(`/kb/articles?${params}`);
  },
  article: (id: string) => apiRequest<KbArticle>(`/kb/articles/${segment(id)}`),
  feedback: (input: FeedbackInput) => apiRequest<{ id: string }>('/feedback', { json: input }),
};
