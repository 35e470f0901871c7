/**
 * The socket.io namespace `/queue` (public, read-only), for the display, kiosk and phone pages.
 * Type-only: importing this pulls no server code into a browser bundle.
 */
import type { Board, CallNotice, TicketView } from './schemas.ts';

export type { Board, BoardCall, CallNotice, Prediction, ServiceSummary, WaitBasis, TicketView, CounterView, AppointmentSlot, AppointmentView } from './schemas.ts';

export const QUEUE_NAMESPACE = '/queue';

/** Server → client. */
export interface QueueServerEvents {
  /** The "now serving" board: on connect and after every change. */
  board: (board: Board) => void;
  /** A ticket was called or recalled: the display chimes and speaks it. */
  call: (call: CallNotice) => void;
  /** The followed ticket changed: its status, position or prediction. */
  ticket: (ticket: TicketView) => void;
}

/** Client → server. */
export interface QueueClientEvents {
  /**
   * Follow a ticket by its secret code; `ack` answers with the ticket now, or an error when the
   * code is unknown. A socket follows one ticket at a time.
   */
  follow: (code: string, ack?: (answer: { ok: true; ticket: TicketView } | { ok: false; error: string }) => void) => void;
  unfollow: () => void;
}
