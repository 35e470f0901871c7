/**
 * What the queue API and the /queue socket.io namespace answer, as zod schemas: the routes
 * validate and document with them (OpenAPI at /docs), and the screens import the inferred types
 * through realtime-types.ts.
 */
import { z } from 'zod';
import { PRIORITY_CLASSES } from './policy.ts';
import { TICKET_STATUSES } from './lifecycle.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;

export const prediction = z.object({
  lowS: z.number().int().describe('80 % interval, lower bound (seconds)'),
  expectedS: z.number().int(),
  highS: z.number().int().describe('80 % interval, upper bound (seconds)'),
}).describe('predicted wait');

export const ticketView = z.object({
  id: z.string(),
  code: z.string().describe('the secret behind the QR code'),
  number: z.string().describe('e.g. A012'),
  serviceId: z.string(),
  serviceNameEn: z.string(),
  serviceNameZh: z.string(),
  priority: z.enum(PRIORITY_CLASSES),
  status: z.enum(TICKET_STATUSES),
  position: z.number().int().nullable().describe('1 = next; null unless waiting'),
  prediction: prediction.nullable().describe('null unless waiting'),
  counterId: z.string().nullable(),
  counterNameEn: z.string().nullable(),
  counterNameZh: z.string().nullable(),
  issuedAt: z.string(),
  calledAt: z.string().nullable(),
  url: z.string().describe('the phone page for this ticket (the QR code content), relative to the hub'),
});

export const boardCall = z.object({
  number: z.string(),
  serviceId: z.string(),
  counterId: z.string(),
  counterNameEn: z.string(),
  counterNameZh: z.string(),
  calledAt: z.string(),
  recall: z.boolean(),
});

export const serviceWait = z.object({ serviceId: z.string(), waiting: z.number().int(), prediction: prediction.describe('for someone taking a normal ticket now') });

export const board = z.object({
  calls: z.array(boardCall).describe('latest first, at most 8, one per ticket'),
  services: z.array(serviceWait),
});

export const waitBasis = z.object({
  ahead: z.number().int().describe('tickets that will be called first'),
  counters: z.number().describe('effective counters serving the line (one shared with other waiting lines counts in part); 0: none open'),
  serviceS: z.number().int().describe('recent mean service time, seconds'),
  giveUpShare: z.number().describe('recent share of waiting customers who gave up'),
  cameraExtra: z.number().int().describe('people the camera sees in the line beyond the tickets'),
  similar: z.object({
    count: z.number().int(),
    medianS: z.number(),
    ofService: z.boolean().describe('this service\'s own customers; else all services\''),
  }).nullable().describe('what recent customers in the same situation waited; the expected wait stands on it'),
}).describe('why the wait is what it is');

export const serviceSummary = z.object({
  id: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  prefix: z.string(),
  targetWaitS: z.number().int(),
  open: z.boolean().describe('an open counter serves it now'),
  bookable: z.boolean().describe('takes appointments'),
  waiting: z.number().int(),
  prediction: prediction.describe('for someone taking a normal ticket now (wide while no counter serves it)'),
  why: waitBasis,
});

export const counterView = z.object({
  id: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  open: z.boolean(),
  serviceIds: z.array(z.string()),
  staffId: z.string().nullable().describe('the staff member who opened it and works it now; null when closed or opened by a login without one'),
  staffName: z.string().nullable().describe('their display name'),
  current: ticketView.nullable().describe('its called or serving ticket'),
  waiting: z.array(z.object({ serviceId: z.string(), waiting: z.number().int() })).describe('per service it serves'),
});

export const appointmentSlot = z.object({ start: z.string(), end: z.string(), free: z.number().int() });
export const appointmentView = z.object({ code: z.string(), serviceId: z.string(), start: z.string(), end: z.string() });

export const callNotice = boardCall.extend({ language: z.enum(LANGUAGES).describe('the customer\'s language, to speak the call in') });

export type Prediction = z.infer<typeof prediction>;
export type WaitBasis = z.infer<typeof waitBasis>;
export type TicketView = z.infer<typeof ticketView>;
export type BoardCall = z.infer<typeof boardCall>;
export type Board = z.infer<typeof board>;
export type ServiceSummary = z.infer<typeof serviceSummary>;
export type CounterView = z.infer<typeof counterView>;
export type AppointmentSlot = z.infer<typeof appointmentSlot>;
export type AppointmentView = z.infer<typeof appointmentView>;
export type CallNotice = z.infer<typeof callNotice>;
export type Language = (typeof LANGUAGES)[number];
