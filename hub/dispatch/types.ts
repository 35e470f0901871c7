/**
 * What dispatch tells the screens and the bus: a staff member's presence, and one dispatch with
 * its current offer and the alert it answers ("where, what, why").
 */
import type { AlertState } from '../bus.ts';

export const PRESENCE_STATUSES = ['off-shift', 'available', 'busy', 'break'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const DISPATCH_STATUSES = ['offered', 'accepted', 'arrived', 'resolved', 'escalated', 'cancelled'] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
/** A dispatch someone still has to act on: offered to a person, held by one, or waiting for the floor. */
export const LIVE_DISPATCH: readonly DispatchStatus[] = ['offered', 'accepted', 'arrived', 'escalated'];

export interface PresenceView {
  staffId: string;
  status: PresenceStatus;
  zoneId: string | null;
  /** Null for someone who never set a presence (off shift). */
  updatedAt: string | null;
}

/** One row of the floor's staff board (`GET /staff/board`, the floor's `staff` event). */
export interface StaffBoardEntry extends PresenceView {
  displayName: string;
  skills: string[];
  languages: string[];
  /** The dispatch they are offered or hold, without its alert. */
  dispatch: Omit<DispatchView, 'alert'> | null;
}

export interface DispatchView {
  id: string;
  alertId: string;
  status: DispatchStatus;
  /** Who is being offered it (status offered) or holds it (accepted, arrived, resolved). */
  staffId: string | null;
  /** When the current offer runs out (status offered). */
  offerExpiresAt: string | null;
  outcome: string | null;
  createdAt: string;
  acceptedAt: string | null;
  arrivedAt: string | null;
  resolvedAt: string | null;
  escalatedAt: string | null;
  cancelledAt: string | null;
  /** The alert it answers: what, where and why, for the person sent. */
  alert: AlertState;
}

/** A dispatch changed; `staffIds` are the people whose screens must hear of it (now and before). */
export interface DispatchChange {
  dispatch: DispatchView;
  staffIds: string[];
}
