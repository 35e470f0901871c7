/**
 * `npm run bench -- wait`: how well the wait predictor (`hub/queue/wait-predictor.ts`) predicts
 * real waits — on simulated branch days (default), or on a real queue log (`--replay FILE
 * [--plot OUT.svg] [--json]`) against the classical baselines (wait-report.ts). Prints the
 * errors of the expected wait and the share of waits inside the predicted range against the
 * aims, overall and per service, then one JSON line (a replay: with --json).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fmt, numericFlags, round, takeSwitch, UsageError } from './lib.ts';
import { parseQueueLog } from './wait-log.ts';
import { scoreByService, scoreWaits, type ScoredTicket, type WaitScore } from './wait-metrics.ts';
import { waitPlotSvg } from './wait-plot.ts';
import { replayQueueLog } from './wait-replay.ts';
import { replayReportLines, summarizeReplay } from './wait-report.ts';
import { simulateDays } from './wait-sim.ts';

const AIMS = { medianAbsErrorMin: 3, inside: [0.75, 0.85] as const };
/** The predictor's model with calibration turned off. */
const UNCALIBRATED = { centerStep: 0, rangeStep: 0, recentWaits: 0 };
const DEFAULTS = { days: 20, seed: 1 };

const out = (line = '') => process.stdout.write(line + '\n');

interface Run {
  scored: ScoredTicket[];
  /** The same tickets predicted with calibration off. */
  uncalibrated: ScoredTicket[];
  /** Target wait per service, seconds. */
  targets: Map<string, number>;
  /** Tickets neither served, given up nor waiting at closing: a bug. */
  lost: number;
  json: Record<string, unknown>;
}

export async function runWaitBench(args: string[]): Promise<number> {
  args = [...args];
  const replayFile = takeOption(args, 'replay');
  if (replayFile) return runReplay(replayFile, { plot: takeOption(args, 'plot'), json: takeSwitch(args, 'json') });
  const opts = numericFlags(args, DEFAULTS);
  const run = simulate(Math.round(opts.days), Math.round(opts.seed));
  out();

  const total = scoreWaits(run.scored);
  out(`${'service'.padEnd(10)} ${'served'.padStart(7)}  ${'median wait'.padStart(11)}  ${'median |err|'.padStart(12)}  ${'p90 |err|'.padStart(9)}  ${'inside'.padStart(6)}  below  above  ${'gave up'.padStart(7)}  past high`);
  for (const { serviceId, score } of scoreByService(run.scored)) out(line(serviceId, score));
  out(line('all', total));
  out();
  const errorMet = total.medianAbsErrorMin <= AIMS.medianAbsErrorMin;
  const insideMet = total.inside >= AIMS.inside[0] && total.inside <= AIMS.inside[1];
  out(`median absolute error ${fmt(total.medianAbsErrorMin, 2)} min; aim ≤ ${AIMS.medianAbsErrorMin} min ${errorMet ? '(met)' : '(MISSED)'}; mean ${fmt(total.maeMin, 2)} min, root mean square ${fmt(total.rmseMin, 2)} min; median range width ${fmt(total.medianWidthMin, 1)} min`);
  out(`real waits inside the predicted range ${fmt(total.inside * 100, 1)} %; aim ${AIMS.inside[0] * 100}–${AIMS.inside[1] * 100} % ${insideMet ? '(met)' : '(MISSED)'}`);
  out(`gave up: ${fmt(total.left)}, of whom ${fmt(total.leftPastHigh * 100, 1)} % had already waited past the high end (their real wait is unknown, so they are not in the lines above)`);
  const raw = scoreWaits(run.uncalibrated);
  const zero = scoreWaits(run.scored.map((ticket) => ({ ...ticket, lowS: 0, expectedS: 0, highS: 0 })));
  out('for comparison, on the same tickets:');
  out(`   the model without calibration: median |err| ${fmt(raw.medianAbsErrorMin, 2)} min, p90 ${fmt(raw.p90AbsErrorMin, 1)} min, inside ${fmt(raw.inside * 100, 1)} %`);
  out(`   always "called at once" (0 s): median |err| ${fmt(zero.medianAbsErrorMin, 2)} min, p90 ${fmt(zero.p90AbsErrorMin, 1)} min`);
  out('waits over the service\'s target, and how many the range foresaw at issue (high end over the target, as a wait-breach alert):');
  for (const [serviceId, targetS] of run.targets) out(targetLine(serviceId, targetS, run.scored));
  out(
    JSON.stringify({
      bench: 'wait',
      ...run.json,
      served: total.served,
      maeMin: round(total.maeMin, 2),
      rmseMin: round(total.rmseMin, 2),
      medianAbsErrorMin: round(total.medianAbsErrorMin, 2),
      p90AbsErrorMin: round(total.p90AbsErrorMin, 2),
      inside: round(total.inside, 3),
      medianWidthMin: round(total.medianWidthMin, 2),
      below: round(total.below, 3),
      above: round(total.above, 3),
      left: total.left,
      leftPastHigh: round(total.leftPastHigh, 3),
      uncalibrated: { medianAbsErrorMin: round(raw.medianAbsErrorMin, 2), p90AbsErrorMin: round(raw.p90AbsErrorMin, 2), inside: round(raw.inside, 3) },
      alwaysZero: { medianAbsErrorMin: round(zero.medianAbsErrorMin, 2), p90AbsErrorMin: round(zero.p90AbsErrorMin, 2) },
      aims: AIMS,
      met: { medianAbsError: errorMet, inside: insideMet },
      lost: run.lost,
    }),
  );
  return run.lost === 0 ? 0 : 1;
}

/** `--replay FILE`: a real queue log through the hub's queue engine, against the baselines. */
function runReplay(file: string, options: { plot: string | undefined; json: boolean }): number {
  const tickets = parseQueueLog(readFileSync(file, 'utf8'), file);
  out(`wait bench — replay of ${file}: ${fmt(tickets.length)} tickets through the hub's queue snapshot and wait predictor, learning online from a cold start`);
  out();
  const started = performance.now();
  const scored = replayQueueLog(tickets);
  const summary = summarizeReplay(scored, (performance.now() - started) / 1000);
  for (const text of replayReportLines(summary).lines) out(text);
  if (options.plot) {
    writeFileSync(options.plot, waitPlotSvg(scored, { title: `Wait predictions replayed on ${basename(file)}` }));
    out(`plot: ${options.plot}`);
  }
  if (options.json) out(JSON.stringify(summary));
  return 0;
}

function simulate(days: number, seed: number): Run {
  const sim = simulateDays(days, seed);
  const lost = sim.issued - sim.served - sim.left - sim.waitingAtClose;
  out(`wait bench — ${days} simulated days of the demo branch (seeds ${seed}…${seed + days - 1}), one predictor learning throughout`);
  out(`   ${fmt(sim.issued)} tickets: ${fmt(sim.served)} served, ${fmt(sim.left)} gave up, ${fmt(sim.waitingAtClose)} still waiting at closing ${lost === 0 ? '✓' : `✗ ${lost} TICKETS LOST`}`);
  return {
    scored: sim.scored,
    uncalibrated: simulateDays(days, seed, UNCALIBRATED).scored,
    targets: sim.targets,
    lost,
    json: { days, seed, issued: sim.issued, waitingAtClose: sim.waitingAtClose },
  };
}

function line(name: string, s: WaitScore): string {
  const pct = (x: number) => `${fmt(x * 100, 1)}%`;
  return [
    name.padEnd(10),
    fmt(s.served).padStart(7),
    `${fmt(s.medianWaitMin, 1)} min`.padStart(11),
    `${fmt(s.medianAbsErrorMin, 2)} min`.padStart(12),
    `${fmt(s.p90AbsErrorMin, 1)} min`.padStart(9),
    pct(s.inside).padStart(6),
    pct(s.below).padStart(6),
    pct(s.above).padStart(6),
    fmt(s.left).padStart(7),
    pct(s.leftPastHigh).padStart(9),
  ].join(' ');
}

/** Waits over the service's target; foreseen = the high end given at issue was over the target too. */
function targetLine(serviceId: string, targetS: number, scored: readonly ScoredTicket[]): string {
  const served = scored.filter((t) => t.serviceId === serviceId && t.waitedS !== null);
  const over = served.filter((t) => t.waitedS! > targetS);
  const warned = over.filter((t) => t.highS > targetS);
  const alarms = served.filter((t) => t.highS > targetS);
  const pct = (part: number, whole: number) => `${fmt((part / whole) * 100, 1)} %`;
  return `   ${serviceId.padEnd(10)} target ${fmt(targetS / 60)} min: ${fmt(over.length)} waits over it (${pct(over.length, served.length)}), ${pct(warned.length, over.length)} of them foreseen; ${pct(alarms.length - warned.length, alarms.length)} of the warnings did not come true`;
}

/** Removes `--name value` / `--name=value` from args and returns the value. */
function takeOption(args: string[], name: string): string | undefined {
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index]!;
  const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
  const value = inline ?? args[index + 1];
  if (!value) throw new UsageError(`--${name} needs a value`);
  args.splice(index, inline === undefined ? 2 : 1);
  return value;
}
