/**
 * The database reads behind HQ's reports — the only code that reads `HqBranch` and `HqDay` for
 * them. Reports read branch-days (one merged aggregate per branch-local day), never hours.
 */
import type { Db } from '../db/database.ts';
import type { HourAggregate } from '../experience/kpi-types.ts';
import { branchInfoOf } from './branch-info.ts';
import { selectBranches, type BranchDay, type ReportFilter, type ReportInput } from './hq-reports.ts';
import type { HqBranchInfo, HqPeriod } from './hq-types.ts';

/** Every branch that has reported, by id. */
export async function readBranches(db: Db, now: number): Promise<HqBranchInfo[]> {
  const rows = await db.hqBranch.findMany({ orderBy: { id: 'asc' } });
  return rows.map((row) => branchInfoOf(row, now));
}

export async function readBranch(db: Db, branchId: string, now: number): Promise<HqBranchInfo | null> {
  const row = await db.hqBranch.findUnique({ where: { id: branchId } });
  return row ? branchInfoOf(row, now) : null;
}

/** The stored days `from`..`to` (branch-local dates) of the given branches, or of all branches. */
export async function readDays(db: Db, dates: HqPeriod, branchIds?: readonly string[]): Promise<BranchDay[]> {
  const rows = await db.hqDay.findMany({
    where: { localDate: { gte: dates.from, lte: dates.to }, ...(branchIds ? { branchId: { in: [...branchIds] } } : {}) },
    select: { branchId: true, localDate: true, aggregate: true, issuedByHour: true },
  });
  return rows.map((row) => ({
    branchId: row.branchId,
    localDate: row.localDate,
    aggregate: JSON.parse(row.aggregate) as HourAggregate,
    issuedByHour: JSON.parse(row.issuedByHour) as number[],
  }));
}

/**
 * What a report over `period` needs: the branches and the days from `readFrom` (the previous
 * period's start, for a ranking; else the period's) to the period's end. Only the filtered
 * branches' days are read.
 */
export async function readReportInput(db: Db, query: { period: HqPeriod; filter: ReportFilter; now: number; readFrom?: string }): Promise<ReportInput> {
  const branches = await readBranches(db, query.now);
  const narrowed = query.filter.region !== undefined || query.filter.branchId !== undefined;
  const branchIds = narrowed ? [...selectBranches(branches, query.filter).keys()] : undefined;
  const days = await readDays(db, { from: query.readFrom ?? query.period.from, to: query.period.to }, branchIds);
  return { period: query.period, branches, days, filter: query.filter };
}
