/** An `HqBranch` row → the `HqBranchInfo` HQ shows, with whether the branch has gone silent. Pure. */
import type { HqBranchInfo } from './hq-types.ts';

/**
 * A branch sends each hour about 5 minutes after it ends (hub/experience: FINAL_GRACE_MS), so
 * the latest hour normally ended less than 1 h 5 min ago; 2 h 15 min means at least one whole
 * hour is missing beyond that, not just a slow bridge.
 */
export const STALE_AFTER_MS = (2 * 60 + 15) * 60_000;
// A simulated branch reports only while `npm run simulate` plays it: it is never "not reporting".

/** The columns of an `HqBranch` row this needs (Prisma gives dates as `Date`). */
export interface HqBranchRow {
  id: string;
  name: string;
  nameZh: string;
  region: string;
  timezone: string;
  simulated: boolean;
  firstHourStart: Date;
  lastHourEnd: Date;
  lastReportAt: Date;
  hoursReported: number;
}

export function branchInfoOf(row: HqBranchRow, now: number): HqBranchInfo {
  return {
    id: row.id,
    name: row.name,
    nameZh: row.nameZh,
    region: row.region,
    timezone: row.timezone,
    simulated: row.simulated,
    firstHourStart: row.firstHourStart.toISOString(),
    lastHourEnd: row.lastHourEnd.toISOString(),
    lastReportAt: row.lastReportAt.toISOString(),
    hoursReported: row.hoursReported,
    stale: !row.simulated && row.lastHourEnd.getTime() < now - STALE_AFTER_MS,
  };
}
