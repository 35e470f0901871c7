/** What a customer sends after service, and what reporting reads back (zod; types come from here). */
import { z } from 'zod';

export const FEEDBACK_LANGUAGES = ['zh-CN', 'en'] as const;

export const feedbackInput = z.strictObject({
  ticketCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'the code from the ticket QR code (letters, digits, dash, underscore)')
    .optional()
    .describe('the secret code of the ticket the customer was served on, to link the service'),
  csat: z.number().int().min(1).max(5).describe('satisfaction, 1 (very unhappy) to 5 (very happy)'),
  nps: z.number().int().min(0).max(10).optional().describe('how likely to recommend the bank, 0-10'),
  comment: z.string().trim().max(500).optional().describe('free text, at most 500 characters after trimming'),
  language: z.enum(FEEDBACK_LANGUAGES),
});
export type FeedbackInput = z.infer<typeof feedbackInput>;

export const feedbackItem = z.object({
  id: z.string(),
  ticketId: z.string().nullable(),
  serviceId: z.string().nullable(),
  csat: z.number().int(),
  nps: z.number().int().nullable(),
  comment: z.string().nullable(),
  language: z.string(),
  at: z.string(),
});
export type FeedbackItem = z.infer<typeof feedbackItem>;

export const feedbackSummary = z.object({
  responses: z.number().int(),
  csatAverage: z.number().nullable().describe('mean of 1-5, two decimals; null without responses'),
  csatSatisfiedPercent: z.number().nullable().describe('share of 4 and 5 answers, in percent'),
  nps: z.object({
    responses: z.number().int(),
    promoters: z.number().int().describe('9-10'),
    passives: z.number().int().describe('7-8'),
    detractors: z.number().int().describe('0-6'),
    score: z.number().nullable().describe('% promoters - % detractors, -100 to 100; null without NPS answers'),
  }),
});
export type FeedbackSummary = z.infer<typeof feedbackSummary>;
