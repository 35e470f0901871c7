/**
 * HQ's store of branch summaries: one `HqHour` per branch-hour, the merged `HqDay` of its
 * branch-local day, and the `HqBranch` that reported it. Idempotent and order-free: a repeat (same
 * event id) changes nothing; a provisional hour is replaced by a later computation or by the final
 * one; a final hour is never replaced by a provisional one; a late hour (a branch catching up after
 * an outage) is stored like any other and refreshes its day. Summaries are applied one at a time.
 */
import type { z } from 'zod';
import type { branchSummary } from '../../protocol/branch-summary.ts';
import type { Db } from '../db/database.ts';
import { mergeAggregates } from '../experience/aggregate.ts';
import type { HourAggregate } from '../experience/kpi-types.ts';
import { Serial } from '../queue/serial.ts';

export type BranchSummary = z.infer<typeof branchSummary>;

export interface IncomingSummary {
  eventId: string;
  branchId: string;
  summary: BranchSummary;
  receivedAt: Date;
}

/** stored: a new hour; replaced: a newer computation of an hour; repeat / outdated: nothing changed. */
export type StoreOutcome = 'stored' | 'replaced' | 'repeat' | 'outdated';

/** Tickets issued in each local hour of day, summed over the day's stored hours. */
function issuedByHour(hours: ReadonlyArray<{ localHour: number; aggregate: HourAggregate }>): number[] {
  const issued = Array.from({ length: 24 }, () => 0);
  for (const { localHour, aggregate } of hours) {
    for (const part of Object.values(aggregate.tickets)) issued[localHour]! += part.issued;
  }
  return issued;
}

export class SummaryStore {
  readonly #serial = new Serial();

  constructor(private readonly db: Db) {}

  accept(incoming: IncomingSummary): Promise<StoreOutcome> {
    return this.#serial.run(() => this.#apply(incoming));
  }

  async #apply({ eventId, branchId, summary, receivedAt }: IncomingSummary): Promise<StoreOutcome> {
    const hourStart = new Date(summary.aggregate.start);
    const computedAt = new Date(summary.computedAt);
    const localDate = summary.hour.slice(0, 10);
    return this.db.$transaction(async (tx) => {
      const existing = await tx.hqHour.findUnique({ where: { branchId_hourStart: { branchId, hourStart } } });
      if (existing?.eventId === eventId) return 'repeat';
      if (existing) {
        const newer = summary.final === existing.final ? computedAt > existing.computedAt : summary.final;
        if (!newer) return 'outdated';
      }
      const row = {
        localDate, localHour: Number(summary.hour.slice(11, 13)), label: summary.hour, final: summary.final, computedAt, eventId, receivedAt,
        aggregate: JSON.stringify(summary.aggregate),
      };
      await tx.hqHour.upsert({ where: { branchId_hourStart: { branchId, hourStart } }, create: { branchId, hourStart, ...row }, update: row });

      const hours = (await tx.hqHour.findMany({ where: { branchId, localDate }, select: { localHour: true, aggregate: true } }))
        .map((hour) => ({ localHour: hour.localHour, aggregate: JSON.parse(hour.aggregate) as HourAggregate }));
      const day = {
        hours: hours.length,
        aggregate: JSON.stringify(mergeAggregates(hours.map((hour) => hour.aggregate))),
        issuedByHour: JSON.stringify(issuedByHour(hours)),
        updatedAt: receivedAt,
      };
      await tx.hqDay.upsert({ where: { branchId_localDate: { branchId, localDate } }, create: { branchId, localDate, ...day }, update: day });

      const hourEnd = new Date(summary.aggregate.end);
      const branch = await tx.hqBranch.findUnique({ where: { id: branchId } });
      // Names and region come from the latest hour, so a late old summary does not undo a rename.
      const described = !branch || hourEnd >= branch.lastHourEnd ? { ...summary.branch, simulated: summary.simulated } : {};
      const hoursReported = (branch?.hoursReported ?? 0) + (existing ? 0 : 1);
      await tx.hqBranch.upsert({
        where: { id: branchId },
        create: { id: branchId, ...summary.branch, simulated: summary.simulated, firstHourStart: hourStart, lastHourEnd: hourEnd, lastReportAt: receivedAt, hoursReported },
        update: {
          ...described,
          firstHourStart: branch && branch.firstHourStart < hourStart ? branch.firstHourStart : hourStart,
          lastHourEnd: branch && branch.lastHourEnd > hourEnd ? branch.lastHourEnd : hourEnd,
          lastReportAt: receivedAt,
          hoursReported,
        },
      });
      return existing ? 'replaced' : 'stored';
    });
  }
}
