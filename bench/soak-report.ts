/** The soak's report: the rates it drove, a compact table of what it measured, one JSON line; the exit code. */
import { fmt, round } from './lib.ts';
import type { ProfileSummary } from './profile.ts';
import type { DatabaseCheck } from './soak-check.ts';
import type { EdgeFleet } from './soak-edges.ts';
import type { HelpTracker } from './soak-help.ts';
import type { LogCounts } from './soak-hub.ts';
import type { KioskLoad } from './soak-kiosks.ts';
import type { CpuMark, MetricsSample, Monitor } from './soak-monitor.ts';
import { BUSY_DAY, kioskSignShares, type SoakRates } from './soak-rates.ts';
import type { StaffLoad } from './soak-staff.ts';
import { roundSummary, type Api, type Latencies } from './soak-stats.ts';

/** Retained heap growth above this (MB per minute, after the warm-up) is flagged: 30 MB an hour. */
const GROWTH_FLAG_MB_PER_MIN = 0.5;
/** Shorter measurements say little about growth: the heap is still filling its caches. */
const GROWTH_MIN_S = 240;
/** prom-client's and the bench's event-loop monitors sample every 10 ms. */
const LAG_RESOLUTION_MS = 10;

interface Mark {
  t: number;
  cpu: CpuMark;
  metrics: MetricsSample | null;
  requests: number;
  sent: number;
  rss: number;
}

export interface SoakRun {
  opts: { minutes: number; scale: number; cameras: number; kiosks: number; staff: number; tablets: number; seed: number; broker: string };
  rates: SoakRates;
  warmupS: number;
  durationS: number;
  latencies: Latencies;
  api: Api;
  fleet: EdgeFleet;
  help: HelpTracker;
  cameras: { signs: Record<string, { measured: number; load: number }> };
  kiosks: KioskLoad;
  staff: StaffLoad;
  monitor: Monitor;
  database: DatabaseCheck;
  waiting: number;
  hubLogs: LogCounts;
  marks: {
    rssStart: number; heapStart: number; measuredFrom: Mark; loadEnd: Mark; drained: { t: number; metrics: MetricsSample | null; rss: number };
    /** The heap after full collections, right before the measurement and after the drain. */
    retainedWarm: { t: number; mb: number }; retainedDrained: { t: number; mb: number };
  };
  benchLoop: { p99Ms: number; maxMs: number };
  schedulerFailures: { count: number; first: string | null };
  profile: ProfileSummary | null;
}

const LATENCY_ROWS: Array<[string, string]> = [
  ['publish → PUBACK', ''],
  ['publish → floor push', 'a queue count on the floor tablet (after commit, live state, socket.io)'],
  ['help-request → floor alert', 'a help request that opens an alert, to its alert on the tablet'],
  ['help-request → staff offer', '… to the dispatch offer on a staff phone'],
  ['fall → floor alert', ''],
  ['fall → staff offer', ''],
  ['api ticket', 'kiosk: POST /queue/tickets'],
  ['api services', 'kiosk: GET /queue/services'],
  ['api kb search', 'kiosk: GET /kb/articles?q='],
  ['api kb article', 'kiosk: GET /kb/articles/:id'],
  ['api feedback', 'kiosk or phone: POST /feedback'],
  ['api ticket by code', 'phone: GET /queue/tickets/by-code/:code'],
  ['api slots', 'kiosk: GET /queue/appointments/slots'],
  ['api board', 'kiosk: GET /queue/board'],
  ['api counter', 'teller: call-next, start, done, no-show'],
  ['api dispatch', 'staff phone: accept, decline, arrived, resolve'],
];

export function printReport(run: SoakRun, out: (line?: string) => void): number {
  const { rates, latencies, database: db, marks, monitor, fleet } = run;
  const { measuredFrom: from, loadEnd: end } = marks;
  const measuredS = end.t - from.t;
  const signs = kioskSignShares();

  out();
  out(`Rates: a busy day (× 1) → this run (× ${fmt(rates.scale, 1)}), per second, whole branch:`);
  const rate = (perS: number) => `${fmt(perS / rates.scale, 3).padStart(7)} → ${fmt(perS, 2).padStart(7)}`;
  out(`  camera counts   ${rate(rates.queueCountsPerS)}   ${fmt(BUSY_DAY.cameraCounts)} in ${BUSY_DAY.cameraHours} h (bench/hq.ts 100k-event day); one per ${fmt(rates.countEveryS, 2)} s per camera`);
  out(`  edge status     ${rate(rates.statusPerS)}   every ${BUSY_DAY.statusEveryS} s per node (edge publisher); now every ${fmt(rates.statusEveryS, 1)} s`);
  out(`  kiosk sessions  ${rate(rates.kioskSessionsPerS)}   one per ${BUSY_DAY.kioskSessionEveryS} s per kiosk at its busiest (queue README); now every ${fmt(rates.sessionEveryS, 1)} s`);
  out(`  tickets         ${rate(rates.ticketsPerS)}   ${fmt(BUSY_DAY.kioskTasks.ticket * 100)} % of sessions (simulator task mix)`);
  out(`  help requests   ${rate(rates.helpRequestsPerS)}   ${BUSY_DAY.helpRequestsPerVisit} per visit (simulator); falls ${fmt(rates.fallsPerS, 4)}/s; from kiosks: friction ${fmt(signs.friction * 100, 1)} %, asking for a person ${fmt(signs.helpRequest * 100, 1)} % of sessions`);

  out();
  out(`Measured over ${fmt(measuredS)} s after a ${fmt(run.warmupS)} s warm-up (latencies also through the drain):`);
  const e = db.events;
  const byType = [...fleet.sentByType.entries()].map(([type, n]) => `${type.replace(/^tp\./, '')} ${fmt(n)}`).join(', ');
  out(`  events     sent ${fmt(e.sent)}, acked ${fmt(fleet.acked.size)}, stored ${fmt(e.stored)}, lost ${fmt(e.lost)}, duplicates ${fmt(e.duplicates)} ${e.lost || e.duplicates ? '✗' : '✓'}   (${byType})`);
  out(`  tickets    issued ${fmt(db.tickets.sent)} (201), stored ${fmt(db.tickets.stored)}, lost ${fmt(db.tickets.lost)}, unexpected rows ${fmt(db.tickets.duplicates)} ${db.tickets.lost || db.tickets.duplicates ? '✗' : '✓'}; served ${fmt(run.staff.served)}, no-shows ${fmt(run.staff.noShows)}, waiting at the end ${fmt(run.waiting)}`);
  out(`  feedback   answered ${fmt(db.feedback.sent)} (201), stored ${fmt(db.feedback.stored)}, lost ${fmt(db.feedback.lost)}, unexpected ${fmt(db.feedback.duplicates)} ${db.feedback.lost || db.feedback.duplicates ? '✗' : '✓'}; dead letters ${fmt(db.deadLetters)}${db.deadLetters ? ' ✗' : ''}`);
  const ingested = (end.metrics?.ingested ?? NaN) - (from.metrics?.ingested ?? NaN);
  const requests = end.requests - from.requests;
  const totals = run.api.totals();
  out(`  throughput ${fmt(ingested / measuredS, 1)} events/s stored (hub's counter), ${fmt((end.sent - from.sent) / measuredS, 1)}/s sent; ${fmt(requests / measuredS, 1)} API requests/s; ${fmt(run.kiosks.sessions)} kiosk sessions`);
  out(`  API        ${fmt(totals.ok)} ok, ${fmt(totals.expected)} expected refusals (404 nobody waiting, 409 changed meanwhile), ${fmt(totals.failed)} failed, of them ${fmt(totals.serverErrors)} 5xx or network ${totals.serverErrors ? '✗' : '✓'}`);
  for (const [route, c] of run.api.counts) if (c.firstError) out(`             ${route}: first failure ${c.firstError}`);

  out();
  out(`  latency, ms                         n      p50      p99      max`);
  for (const [name, described] of LATENCY_ROWS) {
    const what = name !== 'publish → PUBACK' ? described
      : run.opts.broker === 'embedded' ? 'MQTT QoS 1, every event type; the embedded broker acknowledges after the commit' : 'MQTT QoS 1, every event type; Mosquitto acknowledges on receipt (the commit: floor push)';
    const s = latencies.summary(name);
    if (s.n === 0) continue;
    out(`  ${name.padEnd(30)} ${fmt(s.n).padStart(7)} ${fmt(s.p50, 1).padStart(8)} ${fmt(s.p99, 1).padStart(8)} ${fmt(s.max, 1).padStart(8)}   ${what}`);
  }
  const pushMissing = fleet.pushesMissing();
  const h = run.help.report();
  const signsSent = Object.entries(run.cameras.signs).map(([kind, n]) => `${kind} ${fmt(n.measured + n.load)} (${fmt(n.measured)} into a free zone)`).join(', ');
  out(`  camera signs ${signsSent}; timed are those after the warm-up`);
  out(`  floor pushes missing ${fmt(pushMissing)} ${pushMissing ? '✗' : '✓'}; timed signs ${fmt(h.measured)}: alert ${fmt(h.alerted)}, offer ${fmt(h.offered)}, escalated without offer ${fmt(h.escalatedOnly)}, no alert ${fmt(h.noAlert)}, no offer ${fmt(h.noOffer)} ${h.noAlert || h.noOffer ? '✗' : '✓'}`);
  const d = run.staff.dispatch;
  out(`  dispatch   offers ${fmt(d.offers)} (accepted ${fmt(d.accepted)}, declined ${fmt(d.declined)}, resolved ${fmt(d.resolved)}); floor resolved ${fmt(d.followUpsResolved)} feedback follow-ups, ${fmt(d.escalationsResolved)} escalations; ${fmt(db.alerts)} alerts, ${fmt(db.dispatches)} dispatches in all`);
  const p = run.kiosks.phones;
  out(`  sockets    pushes: staff ${fmt(run.staff.pushes.staff)}, floor ${fmt(run.staff.pushes.floor)}, display ${fmt(run.staff.pushes.display)}; phones ${fmt(p.opened)} opened, ${fmt(p.followed)} followed, ${fmt(p.pushes)} pushes, ${fmt(p.failed)} failed${p.failed ? ' ✗' : ''}`);

  // Memory
  const rssPerMin = monitor.rssGrowth(from.t, end.t);
  const { retainedWarm: kept0, retainedDrained: kept1 } = marks;
  const retainedPerMin = (kept1.mb - kept0.mb) / ((kept1.t - kept0.t) / 60);
  const heap = (m: MetricsSample | null) => m?.heapMb ?? NaN;
  const judged = measuredS >= GROWTH_MIN_S;
  const flagged = judged && retainedPerMin > GROWTH_FLAG_MB_PER_MIN;
  const verdict = !judged ? `(${fmt(measuredS)} s is too short to judge: measure ≥ ${GROWTH_MIN_S / 60} min)` : flagged ? `⚠ growing (> ${GROWTH_FLAG_MB_PER_MIN} MB/min)` : '✓ flat';
  out();
  out(`  hub RSS    ${fmt(marks.rssStart)} MB at start → ${fmt(from.rss)} after warm-up → ${fmt(end.rss)} at the end of the load → ${fmt(marks.drained.rss)} drained; peak ${fmt(Math.max(...monitor.rss.map(([, v]) => v)))} MB; ${fmt(rssPerMin, 2)} MB/min after warm-up (least squares)`);
  out(`  hub heap   used ${fmt(marks.heapStart)} MB at start → ${fmt(heap(from.metrics))} → ${fmt(heap(end.metrics))} → ${fmt(heap(marks.drained.metrics))} (of ${fmt(end.metrics?.heapTotalMb ?? NaN)} MB allocated, external ${fmt(end.metrics?.externalMb ?? NaN)} MB at the end); handles ${fmt(from.metrics?.handles ?? NaN)} → ${fmt(end.metrics?.handles ?? NaN)}, fds ${fmt(from.metrics?.fds ?? NaN)} → ${fmt(end.metrics?.fds ?? NaN)}`);
  out(`  retained   heap after a full GC: ${fmt(kept0.mb, 1)} MB after warm-up → ${fmt(kept1.mb, 1)} MB drained, ${fmt(retainedPerMin, 2)} MB/min ${verdict}`);
  if (monitor.brokerRss.length) out(`  mosquitto  RSS ${fmt(monitor.brokerRss[0]![1], 1)} → ${fmt(monitor.brokerRss.at(-1)![1], 1)} MB`);

  // CPU and event loop
  const cpu = cpuShares(from.cpu, end.cpu);
  out(`  CPU        hub ${fmt(cpu.hub * 100)} % of one core${cpu.broker > 0 ? `, mosquitto ${fmt(cpu.broker * 100, 1)} %` : ''}, this bench ${fmt(cpu.bench * 100)} %, other processes and the kernel ${fmt(cpu.others * 100)} %, stolen by the VM's host ${fmt(cpu.steal * 100)} % (of ${fmt(cpu.cores)} cores)${(cpu.others + cpu.steal) / cpu.cores > 0.15 ? ' ⚠ busy machine' : ''}`);
  const lags = monitor.metrics.filter((m) => m.t >= from.t && m.t <= end.t);
  // Both monitors sample every 10 ms and report the whole interval: what is over 10 ms is the stall.
  const lagP99 = lags.map((m) => m.lagP99Ms - LAG_RESOLUTION_MS).sort((a, b) => a - b);
  const lagMax = Math.max(...lags.map((m) => m.lagMaxMs)) - LAG_RESOLUTION_MS;
  out(`  event loop stalls (beyond the 10 ms sampling): hub p99 per 5 s median ${fmt(lagP99[Math.floor(lagP99.length / 2)] ?? NaN, 1)} ms, worst ${fmt(lagP99.at(-1) ?? NaN, 1)} ms, max ${fmt(lagMax, 1)} ms; this bench p99 ${fmt(run.benchLoop.p99Ms - LAG_RESOLUTION_MS, 1)} ms`);
  const worst = [...lags].sort((a, b) => b.lagMaxMs - a.lagMaxMs).slice(0, 5).filter((m) => m.lagMaxMs - LAG_RESOLUTION_MS > 100);
  for (const m of worst) {
    out(`             stall of ${fmt(m.lagMaxMs - LAG_RESOLUTION_MS)} ms at ${fmt(m.t / 60, 2)} min; in those 5 s the hub used ${fmt((m.cpu?.hub ?? NaN) * 100)} % of a core, everything else ${fmt((m.cpu?.others ?? NaN) * 100)} %, the host stole ${fmt((m.cpu?.steal ?? NaN) * 100)} %`);
  }
  out(`  hub log    ${fmt(run.hubLogs.warn)} warnings, ${fmt(run.hubLogs.error)} errors${run.hubLogs.first.length ? `: ${run.hubLogs.first.slice(0, 3).join(' | ')}` : ''}`);
  if (run.schedulerFailures.count) out(`  bench      ${fmt(run.schedulerFailures.count)} actor steps failed, first: ${run.schedulerFailures.first}`);
  if (fleet.disconnects || fleet.publishErrors.length || e.willsStored) out(`  ✗ MQTT: ${fleet.disconnects} disconnects, ${e.willsStored} last wills stored, errors: ${fleet.publishErrors.join('; ')}`);

  if (run.profile) {
    out(`  hub CPU profile (its whole life, start-up included) → ${run.profile.file}`);
    out(`    by area: ${run.profile.byArea.slice(0, 10).map((a) => `${a.area} ${fmt(a.share * 100)}%`).join(', ')}`);
    for (const f of run.profile.byFunction.slice(0, 10)) out(`    ${fmt(f.share * 100, 1).padStart(5)}%  ${f.fn}  [${f.area}]`);
  }

  const faults = [
    e.lost && `${e.lost} events lost`, e.duplicates && `${e.duplicates} event duplicates`,
    db.tickets.lost && `${db.tickets.lost} tickets lost`, db.tickets.duplicates && `${db.tickets.duplicates} unexpected tickets`,
    db.feedback.lost && `${db.feedback.lost} feedback answers lost`, db.feedback.duplicates && `${db.feedback.duplicates} unexpected feedback rows`,
    db.deadLetters && `${db.deadLetters} dead letters`, pushMissing && `${pushMissing} floor pushes missing`,
    h.noAlert && `${h.noAlert} measured signs without an alert`, h.noOffer && `${h.noOffer} alerts without an offer`,
    totals.serverErrors && `${totals.serverErrors} API 5xx or network failures`,
  ].filter(Boolean) as string[];
  out();
  out(faults.length ? `✗ ${faults.join(', ')}: a real fault` : 'nothing lost, nothing doubled');

  const lat = Object.fromEntries(latencies.names().sort().map((name) => [name, roundSummary(latencies.summary(name))]));
  out(JSON.stringify({
    bench: 'soak', broker: run.opts.broker, minutes: run.opts.minutes, scale: run.opts.scale, cameras: run.opts.cameras, kiosks: run.opts.kiosks, staff: run.opts.staff, tablets: run.opts.tablets,
    measuredS: round(measuredS, 0),
    ratesPerS: { queueCounts: round(rates.queueCountsPerS, 2), status: round(rates.statusPerS, 2), kioskSessions: round(rates.kioskSessionsPerS, 2), tickets: round(rates.ticketsPerS, 2), helpRequests: round(rates.helpRequestsPerS, 4) },
    events: { sent: e.sent, acked: fleet.acked.size, stored: e.stored, lost: e.lost, duplicates: e.duplicates, deadLetters: db.deadLetters },
    tickets: { issued: db.tickets.sent, stored: db.tickets.stored, lost: db.tickets.lost, unexpected: db.tickets.duplicates, served: run.staff.served },
    feedback: { answered: db.feedback.sent, stored: db.feedback.stored, lost: db.feedback.lost },
    throughput: { eventsStoredPerS: round(ingested / measuredS, 1), apiRequestsPerS: round(requests / measuredS, 1) },
    api: totals,
    latencyMs: lat,
    help: h,
    memory: {
      rssMb: { start: round(marks.rssStart, 1), warm: round(from.rss, 1), end: round(end.rss, 1), drained: round(marks.drained.rss, 1) },
      heapMb: { start: round(marks.heapStart, 1), warm: round(heap(from.metrics), 1), end: round(heap(end.metrics), 1) },
      retainedHeapMb: { warm: round(kept0.mb, 1), drained: round(kept1.mb, 1) },
      rssMbPerMin: round(rssPerMin, 3), retainedMbPerMin: round(retainedPerMin, 3), growing: judged ? flagged : null,
    },
    cpu: { hub: round(cpu.hub, 3), broker: round(cpu.broker, 3), bench: round(cpu.bench, 3), others: round(cpu.others, 3), steal: round(cpu.steal, 3) },
    loopStallMs: { p99Median: round(lagP99[Math.floor(lagP99.length / 2)] ?? NaN, 1), p99Worst: round(lagP99.at(-1) ?? NaN, 1), max: round(lagMax, 1) },
    hubLog: { warn: run.hubLogs.warn, error: run.hubLogs.error },
    faults,
    ok: faults.length === 0,
  }));
  return faults.length ? 1 : 0;
}

/** Shares of one core over the measured window. */
function cpuShares(a: CpuMark, b: CpuMark) {
  const wallS = (b.atMs - a.atMs) / 1000;
  const hub = (b.hubS - a.hubS) / wallS;
  const broker = (b.brokerS - a.brokerS) / wallS;
  const bench = (b.benchS - a.benchS) / wallS;
  const machineBusy = a.machine && b.machine ? (b.machine.busy - a.machine.busy) / wallS : NaN;
  const steal = a.machine && b.machine ? (b.machine.steal - a.machine.steal) / wallS : NaN;
  const cores = a.machine && b.machine ? (b.machine.total - a.machine.total) / wallS : NaN;
  return { hub, broker, bench, others: Math.max(0, machineBusy - hub - broker - bench), steal, cores };
}
