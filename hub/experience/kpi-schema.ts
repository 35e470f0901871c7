/** `BranchKpis` (kpi-types.ts) as zod, for API answers and the OpenAPI at /docs. Definitions: README.md. */
import { z } from 'zod';
import { DISTRESS_KINDS, KIOSK_TASKS } from '../../protocol/events.ts';
import { NEEDS } from '../../protocol/needs.ts';
import type { BranchKpis } from './kpi-types.ts';

const rate = z.number().min(0).max(1).nullable().describe('0-1; null when there is nothing to measure');

const durationKpi = z.object({
  count: z.number().int(),
  avgS: z.number().nullable(),
  p50S: z.number().nullable(),
  p90S: z.number().nullable().describe('nearest rank, from a bucketed histogram (README: Accuracy)'),
});

const selfHelpRates = z.object({
  sessions: z.number().int(),
  sureRate: rate.describe('the kiosk was sure enough to answer'),
  helpedRate: rate.describe('the session completed after the answer'),
  handedOverRate: rate.describe('the customer asked for a person'),
});

const ticketKpis = z.object({
  issued: z.number().int(),
  transfersIn: z.number().int(),
  transfersOut: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  abandoned: z.number().int().describe('left or cancelled before service'),
  noShowRate: rate,
  abandonmentRate: rate,
  wait: durationKpi.describe('joined the queue → first call, of tickets served'),
  serviceLevel: rate.describe('served within the target ÷ (served + gave up after the target)'),
  serviceLevelBase: z.number().int(),
  serviceTime: durationKpi,
  peakWaiting: z.number().int().describe('most tickets waiting at one instant'),
});

const score = z.object({
  responses: z.number().int(),
  score: z.number().nullable().describe('percent; null with no answers, or when suppressed'),
  suppressed: z.boolean().describe('there were answers, but fewer than the report shows a score for'),
});

const feedbackKpis = z.object({
  csat: score.describe('% of answers 4 or 5 out of 5'),
  nps: score.describe('% promoters (9-10) − % detractors (0-6)'),
  comments: z.number().int(),
  complaints: z.number().int().describe('comments on a negative answer (CSAT ≤ 2 or NPS ≤ 6)'),
});

export const branchKpisSchema = z.object({
  period: z.object({ start: z.number().describe('epoch ms'), end: z.number().describe('epoch ms'), hours: z.number().int().describe('branch-hours with data merged') }),
  tickets: ticketKpis,
  byService: z.record(z.string(), ticketKpis),
  queueLength: z.object({
    cameraPeakByZone: z.record(z.string(), z.number()),
    ticketsWaitingPeakByService: z.record(z.string(), z.number().int()),
  }),
  distress: z.partialRecord(z.enum(DISTRESS_KINDS), z.number().int()).describe('distress alerts opened, by kind'),
  alerts: z.object({
    opened: z.number().int(),
    openedByKind: z.record(z.string(), z.number().int()),
    resolvedByPerson: z.number().int(),
    resolvedAuto: z.number().int(),
    accept: durationKpi.describe('first offer → accepted'),
    arrive: durationKpi.describe('accepted → with the customer'),
    resolve: durationKpi.describe('opened → resolved by a person'),
  }),
  kiosk: z.object({
    sessions: z.number().int(),
    completed: z.number().int(),
    abandoned: z.number().int().describe('abandoned or timed out'),
    completionRate: rate,
    abandonmentRate: rate,
    byTask: z.partialRecord(z.enum(KIOSK_TASKS), z.object({ sessions: z.number().int(), completed: z.number().int(), completionRate: rate })),
    selfHelp: selfHelpRates
      .extend({ byNeed: z.partialRecord(z.enum(NEEDS), selfHelpRates).describe('by the need the question was understood as (protocol/needs.ts)') })
      .describe('sessions that took a self-help answer: the kiosk sure of it, the customer helped (completed), or asking for a person'),
  }),
  feedback: feedbackKpis,
  feedbackByService: z.record(z.string(), feedbackKpis),
}) satisfies z.ZodType<BranchKpis>;
