/**
 * The report of a queue-log replay (issue 11): the predictor and the three classical baselines
 * scored on the same tickets, overall and per service, and the one-line JSON summary. Errors are
 * over served tickets (those who gave up have no real wait, only a lower bound); the range is the
 * predictor's alone (the baselines give a point).
 */
import { fmt, round } from './lib.ts';
import { scoreWaits, type ScoredTicket, type WaitScore } from './wait-metrics.ts';
import type { ReplayedTicket } from './wait-replay.ts';

/** What the replay must show on a real month. */
export const REPLAY_AIMS = { maeVsQl: 0.85, coverage: [0.75, 0.85] as const, seconds: 60 };

const BASELINES = ['zero', 'les', 'ql'] as const;
type Baseline = (typeof BASELINES)[number];
const LABELS: Record<'predictor' | Baseline, string> = {
  predictor: 'ours',
  zero: 'zero',
  les: 'LES',
  ql: 'QL',
};

export interface PointErrors {
  maeS: number;
  medianAeS: number;
  p90AeS: number;
  rmseS: number;
}

export interface PredictorScore extends PointErrors {
  /** Share of real waits inside the range. */
  coverage: number;
  medianWidthS: number;
  /** Share of those who gave up who had already waited past the range's top. */
  leftPastHigh: number;
}

export interface GroupScore {
  served: number;
  left: number;
  predictor: PredictorScore;
  baselines: Record<Baseline, PointErrors>;
}

export interface ReplaySummary extends GroupScore {
  services: Record<string, GroupScore>;
  seconds: number;
}

export function summarizeReplay(tickets: readonly ReplayedTicket[], seconds: number): ReplaySummary {
  const services: Record<string, GroupScore> = {};
  for (const serviceId of new Set(tickets.map((t) => t.serviceId))) services[serviceId] = scoreGroup(tickets.filter((t) => t.serviceId === serviceId));
  return { ...scoreGroup(tickets), services, seconds: round(seconds, 1) };
}

function scoreGroup(tickets: readonly ReplayedTicket[]): GroupScore {
  const ours = scoreWaits(tickets);
  const baselines = Object.fromEntries(BASELINES.map((name) => [name, pointErrors(scoreWaits(tickets.map((t) => pointOnly(t, t.baselines[name]))))])) as Record<Baseline, PointErrors>;
  return {
    served: ours.served,
    left: ours.left,
    predictor: {
      ...pointErrors(ours),
      coverage: round(ours.inside, 3),
      medianWidthS: round(ours.medianWidthMin * 60, 1),
      leftPastHigh: round(ours.leftPastHigh, 3),
    },
    baselines,
  };
}

const pointOnly = (ticket: ScoredTicket, expectedS: number): ScoredTicket => ({ ...ticket, lowS: expectedS, expectedS, highS: expectedS });

const pointErrors = (score: WaitScore): PointErrors => ({
  maeS: round(score.maeMin * 60, 1),
  medianAeS: round(score.medianAbsErrorMin * 60, 1),
  p90AeS: round(score.p90AbsErrorMin * 60, 1),
  rmseS: round(score.rmseMin * 60, 1),
});

/** The report as lines of text (the JSON line is the caller's). */
export function replayReportLines(summary: ReplaySummary): { lines: string[]; met: boolean } {
  const lines: string[] = [];
  const pct = (x: number) => `${fmt(x * 100, 1)} %`;
  lines.push(`${fmt(summary.served)} served, ${fmt(summary.left)} gave up; absolute error of the expected wait, seconds:`);
  lines.push(`${'predictor'.padEnd(10)} ${'mean'.padStart(7)} ${'median'.padStart(7)} ${'p90'.padStart(7)} ${'RMSE'.padStart(7)}`);
  const row = (name: string, e: PointErrors) => `${name.padEnd(10)} ${fmt(e.maeS, 1).padStart(7)} ${fmt(e.medianAeS, 1).padStart(7)} ${fmt(e.p90AeS, 1).padStart(7)} ${fmt(e.rmseS, 1).padStart(7)}`;
  lines.push(row(LABELS.predictor, summary.predictor));
  for (const name of BASELINES) lines.push(row(LABELS[name], summary.baselines[name]));
  const p = summary.predictor;
  lines.push(`range (ours): ${pct(p.coverage)} of real waits inside, median width ${fmt(p.medianWidthS, 0)} s; of those who gave up, ${pct(p.leftPastHigh)} had already waited past its top`);
  lines.push('');
  lines.push(`${'service'.padEnd(8)} ${'served'.padStart(7)} ${'gave up'.padStart(7)} ${'ours'.padStart(7)} ${'zero'.padStart(7)} ${'LES'.padStart(7)} ${'QL'.padStart(7)}  ${'inside'.padStart(7)} ${'width'.padStart(6)}  (mean |err|, s)`);
  for (const [id, s] of Object.entries(summary.services)) {
    lines.push([
      id.padEnd(8), fmt(s.served).padStart(7), fmt(s.left).padStart(7), fmt(s.predictor.maeS, 1).padStart(7),
      ...BASELINES.map((name) => fmt(s.baselines[name].maeS, 1).padStart(7)), ` ${pct(s.predictor.coverage).padStart(7)}`, `${fmt(s.predictor.medianWidthS, 0)} s`.padStart(6),
    ].join(' '));
  }
  lines.push('');
  const ratio = p.maeS / summary.baselines.ql.maeS;
  const checks = [
    { ok: ratio <= REPLAY_AIMS.maeVsQl, text: `mean |err| ${fmt(ratio, 3)} × QL's; aim ≤ ${REPLAY_AIMS.maeVsQl}` },
    { ok: p.coverage >= REPLAY_AIMS.coverage[0] && p.coverage <= REPLAY_AIMS.coverage[1], text: `range coverage ${pct(p.coverage)}; aim ${REPLAY_AIMS.coverage[0] * 100}–${REPLAY_AIMS.coverage[1] * 100} %` },
    { ok: summary.seconds < REPLAY_AIMS.seconds, text: `replayed in ${fmt(summary.seconds, 1)} s; aim < ${REPLAY_AIMS.seconds} s` },
  ];
  for (const check of checks) lines.push(`${check.text} ${check.ok ? '(met)' : '(MISSED)'}`);
  return { lines, met: checks.every((check) => check.ok) };
}
