/**
 * The kiosk's screens as data: each kind has its telemetry id, the task it belongs to, and
 * whether reaching it finishes the task (`complete`) or lets leaving count as done
 * (`accomplished`, e.g. an answer was read).
 */
import type { Booking, ServiceSummary, TicketView } from '../../../shared/api/queue-types.ts';
import type { KioskTask } from '../telemetry/kiosk-session.ts';

export type Screen =
  | { kind: 'home' }
  | { kind: 'ticket-service' }
  | { kind: 'ticket-assist'; service: ServiceSummary }
  | { kind: 'ticket-issued'; ticket: TicketView }
  | { kind: 'appointment-menu' }
  | { kind: 'appointment-service' }
  | { kind: 'appointment-day'; service: ServiceSummary }
  | { kind: 'appointment-slot'; service: ServiceSummary; day: string }
  | { kind: 'appointment-booked'; service: ServiceSummary; booking: Booking }
  | { kind: 'checkin-code' }
  | { kind: 'checkin-ticket'; ticket: TicketView }
  | { kind: 'help-list' }
  | { kind: 'help-article'; articleId: string }
  | { kind: 'call-person' }
  | { kind: 'call-sent'; reached: boolean }
  | { kind: 'feedback' }
  | { kind: 'feedback-thanks' }
  | { kind: 'privacy' };

export type ScreenKind = Screen['kind'];

export interface ScreenInfo {
  /** Telemetry screen id (protocol/kiosk-telemetry.ts `screen`). */
  id: string;
  task: KioskTask | undefined;
  outcome?: 'complete' | 'accomplished';
}

export const SCREENS: Record<ScreenKind, ScreenInfo> = {
  home: { id: 'home', task: undefined },
  'ticket-service': { id: 'ticket.service', task: 'ticket' },
  'ticket-assist': { id: 'ticket.assist', task: 'ticket' },
  'ticket-issued': { id: 'ticket.issued', task: 'ticket', outcome: 'complete' },
  'appointment-menu': { id: 'appointment.menu', task: 'appointment' },
  'appointment-service': { id: 'appointment.service', task: 'appointment' },
  'appointment-day': { id: 'appointment.day', task: 'appointment' },
  'appointment-slot': { id: 'appointment.slot', task: 'appointment' },
  'appointment-booked': { id: 'appointment.booked', task: 'appointment', outcome: 'complete' },
  'checkin-code': { id: 'checkin.code', task: 'appointment' },
  'checkin-ticket': { id: 'checkin.ticket', task: 'appointment', outcome: 'complete' },
  'help-list': { id: 'self-help.list', task: 'self-help' },
  'help-article': { id: 'self-help.article', task: 'self-help', outcome: 'accomplished' },
  'call-person': { id: 'call-person.confirm', task: 'call-person' },
  'call-sent': { id: 'call-person.sent', task: 'call-person', outcome: 'complete' },
  feedback: { id: 'feedback.form', task: 'feedback' },
  'feedback-thanks': { id: 'feedback.thanks', task: 'feedback', outcome: 'complete' },
  privacy: { id: 'privacy', task: 'other' },
};

export const HOME: Screen = { kind: 'home' };
