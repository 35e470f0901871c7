/** zod schemas of the dispatch API: presence input, presence and dispatch views. */
import { z } from 'zod';
import { alertStateSchema } from '../alerts/alert-view.ts';
import { id } from '../branch/branch-config.ts';
import { DISPATCH_STATUSES, PRESENCE_STATUSES } from './types.ts';

export const presenceInput = z.strictObject({
  status: z.enum(PRESENCE_STATUSES),
  zoneId: id.nullable().optional().describe('where the person is now; left out keeps the last zone, null clears it'),
});

export const bareDispatchSchema = z.object({
  id: z.string(),
  alertId: z.string(),
  status: z.enum(DISPATCH_STATUSES),
  staffId: z.string().nullable(),
  offerExpiresAt: z.string().nullable(),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});

export const dispatchSchema = bareDispatchSchema.extend({ alert: alertStateSchema });

export const boardEntrySchema = z.object({
  staffId: z.string(),
  displayName: z.string(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  status: z.enum(PRESENCE_STATUSES),
  zoneId: z.string().nullable(),
  updatedAt: z.string().nullable(),
  dispatch: bareDispatchSchema.nullable(),
});
