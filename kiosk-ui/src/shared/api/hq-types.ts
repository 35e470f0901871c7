/**
 * HQ's report shapes as the HQ page uses them (the contract in hub/hq/README.md). Imported from
 * the hub as types only, so no server code reaches a bundle and a change to the contract fails
 * the typecheck.
 */
export type { HqBranchDetail, HqBranchInfo, HqHeatmap, HqPeriod, HqRanking, HqTrend, KpiLine, RankingSort } from '../../../../hub/hq/hq-types.ts';
export type { BranchKpis, DistressKind, DurationKpi, FeedbackKpis, KioskTask, Need, Score, SelfHelpRates, TicketKpis } from '../../../../hub/experience/kpi-types.ts';

import type { HQ_MIN_RESPONSES } from '../../../../hub/hq/hq-types.ts';

/** The fewest answers HQ shows a CSAT or NPS for, as a type (the literal number). */
export type HqMinResponses = typeof HQ_MIN_RESPONSES;

/** A ranking row (`HqRanking['rows'][number]`). */
export type HqRankingRow = import('../../../../hub/hq/hq-types.ts').HqRanking['rows'][number];
