/**
 * Builds the `tp.branch.summary` a branch hub would send for one of its hours, from records, for
 * HQ tests (store, reports, API, MQTT bridge, the HQ page). The aggregate is the real one
 * (`aggregateHour`) and the event id the real deterministic one. Tests only.
 */
import { branchSummary } from '../../protocol/branch-summary.ts';
import { aggregateHour } from '../experience/aggregate.ts';
import type { ExperienceRecords, ServiceTargets } from '../experience/kpi-types.ts';
import { HOUR_MS, localHourLabel } from '../experience/local-hours.ts';
import { summaryEventId } from '../experience/summary-event.ts';
import type { BranchSummary } from './summary-store.ts';

export interface TestBranch {
  name: string;
  nameZh: string;
  region: string;
  timezone: string;
}

export interface SummaryInput {
  /** Default `b001`. */
  branchId?: string;
  branch: TestBranch;
  /** Start of a local hour of the branch (epoch ms). */
  hourStart: number;
  /** Every record that may have a moment in the hour; the hour picks its own. */
  records: ExperienceRecords;
  targets: ServiceTargets;
  /** Default true. */
  final?: boolean;
  /** Default 5 minutes after the hour ends, when a branch finalises it. */
  computedAt?: Date;
  /** Default false. */
  simulated?: boolean;
}

export function summaryFor(input: SummaryInput): { eventId: string; summary: BranchSummary } {
  const branchId = input.branchId ?? 'b001';
  const computedAt = input.computedAt ?? new Date(input.hourStart + HOUR_MS + 5 * 60_000);
  const summary = branchSummary.parse({
    branch: input.branch,
    hour: localHourLabel(input.hourStart, input.branch.timezone),
    final: input.final ?? true,
    computedAt: computedAt.toISOString(),
    simulated: input.simulated ?? false,
    aggregate: aggregateHour(input.records, input.hourStart, input.branch.timezone, input.targets),
  });
  return { eventId: summaryEventId(branchId, input.hourStart, computedAt), summary };
}
