/**
 * `tp.branch.summary`: one branch-local hour of a branch, as the mergeable aggregate the branch
 * computed it from (hub/experience/README.md defines every field). HQ merges these into days and
 * periods and computes the KPIs itself, so HQ and the branch agree to the decimal. Aggregates
 * only: counts, sums, histograms of seconds and peaks, keyed by service, zone and kind ids.
 */
import { z } from 'zod';
import { NEEDS } from './needs.ts';
import { KIOSK_OUTCOMES, KIOSK_TASKS } from './vocabulary.ts';
import { isId } from './topics.ts';

const id = z.string().refine(isId, 'must be lower-case letters, digits and dashes (max 63)');
const tally = z.number().int().min(0).max(10_000_000);
const epochMs = z.number().int().min(0).max(8.64e15);

/** Bucket lower edge in whole seconds → samples (hub/experience/histogram.ts). */
const histogram = z
  .record(z.string().regex(/^\d{1,7}$/, 'bucket keys are whole seconds'), tally)
  .refine((buckets) => Object.keys(buckets).length <= 2000, 'at most 2000 buckets');

const durationPart = z.strictObject({
  count: tally,
  sumMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  histogram,
});

const ticketPart = z.strictObject({
  issued: tally,
  transfersIn: tally,
  transfersOut: tally,
  served: tally,
  noShow: tally,
  abandoned: tally,
  wait: durationPart,
  serviceTime: durationPart,
  withinTarget: tally,
  serviceLevelBase: tally,
  peakWaiting: tally,
});

const feedbackPart = z.strictObject({
  csatResponses: tally,
  satisfied: tally,
  npsResponses: tally,
  promoters: tally,
  detractors: tally,
  comments: tally,
  complaints: tally,
});

const byId = <T extends z.ZodType>(value: T, max: number) =>
  z.record(id, value).refine((record) => Object.keys(record).length <= max, `at most ${max} entries`);

export const hourAggregate = z
  .strictObject({
    start: epochMs,
    end: epochMs,
    hours: z.number().int().min(1).max(24 * 366 * 10),
    tickets: byId(ticketPart, 64).describe('by service id'),
    peakWaiting: tally,
    feedback: feedbackPart,
    feedbackByService: byId(feedbackPart, 64),
    alerts: z.strictObject({
      openedByKind: byId(tally, 64),
      resolvedByPerson: tally,
      resolvedAuto: tally,
      accept: durationPart,
      arrive: durationPart,
      resolve: durationPart,
    }),
    kiosk: z.partialRecord(z.enum(KIOSK_TASKS), z.partialRecord(z.enum(KIOSK_OUTCOMES), tally)),
    selfHelp: z
      .partialRecord(z.enum(NEEDS), z.strictObject({ sessions: tally, sure: tally, helped: tally, handedOver: tally }))
      .optional()
      .describe('kiosk sessions that took a self-help answer, by the need the question was understood as: the kiosk sure, the customer helped (completed) or asking for a person (escalated); never the question. Absent from hubs before it was counted'),
    cameraPeaks: byId(tally, 256).describe('zone id → highest camera count'),
  })
  .describe('the mergeable aggregate of branch-local hours (hub/experience/README.md)');

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const branchSummary = z
  .strictObject({
    branch: z
      .strictObject({
        name: z.string().trim().min(1).max(120),
        nameZh: z.string().trim().min(1).max(120),
        region: z.string().trim().min(1).max(64).describe('how HQ groups branches, e.g. east'),
        timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone'),
      })
      .describe('what HQ shows about the branch; its id is in the topic and `source`'),
    hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00[+-]\d{2}:\d{2}$/).describe('branch-local label, e.g. 2026-11-25T09:00+08:00'),
    final: z.boolean().describe('the hour is over and will not change; false: a provisional figure sent on demand'),
    computedAt: z.iso.datetime(),
    simulated: z.boolean().describe('demo traffic from npm run simulate, never a real branch'),
    aggregate: hourAggregate,
  })
  .refine((s) => s.aggregate.hours === 1 && s.aggregate.end - s.aggregate.start === 3_600_000, 'a summary covers exactly one hour')
  .refine((s) => Date.parse(s.hour.replace(/([+-]\d{2}:\d{2})$/, ':00$1')) === s.aggregate.start, 'hour must name the aggregate’s start')
  .describe('tp.branch.summary: one branch-local hour of a branch, for HQ; aggregates only');
