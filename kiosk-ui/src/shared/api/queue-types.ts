/**
 * The queue API's types as the screens use them. They come from the hub's zod schemas
 * (hub/queue/schemas.ts via realtime-types.ts, hub/kb, hub/feedback), imported as types only,
 * so no server code reaches a browser bundle and a change to the contract fails the typecheck.
 */
export type {
  AppointmentSlot as Slot,
  AppointmentView as Booking,
  Board,
  BoardCall,
  CallNotice,
  CounterView,
  Prediction,
  ServiceSummary,
  TicketView,
  WaitBasis,
} from '../../../../hub/queue/realtime-types.ts';
export type { QueueClientEvents, QueueServerEvents } from '../../../../hub/queue/realtime-types.ts';
export type { KbArticle, KbArticleSummary } from '../../../../hub/kb/article.ts';
export type { FeedbackInput } from '../../../../hub/feedback/schema.ts';

/** `GET /api/v1/kiosks/:kioskId` (hub/api/routes/kiosks.ts). */
export interface KioskSettings {
  id: string;
  nameEn: string;
  nameZh: string;
  zoneId: string;
  /** The edge node that analyses this kiosk's sessions; null when none does. */
  telemetryUrl: string | null;
  idleWarnS: number;
  idleResetS: number;
}
