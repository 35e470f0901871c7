/**
 * Watches the hub (and Mosquitto) over the run: RSS from /proc every 2 s; heap, event-loop lag,
 * open handles and ingest counters from the hub's /metrics every 5 s. Growth: the least-squares
 * slope of RSS after the warm-up, and the retained heap (what survives a full collection the
 * bench asks for, outside the measured window) after the warm-up against after the drain.
 */
import { collectGarbage, cpuS, machineCpuS, rssMb, scrapeMetrics } from './soak-hub.ts';
import { slope } from './soak-stats.ts';

const RSS_EVERY_MS = 2_000;
const METRICS_EVERY_MS = 5_000;
const MB = 1024 * 1024;

export interface CpuMark {
  atMs: number;
  hubS: number;
  brokerS: number;
  benchS: number;
  machine: { busy: number; steal: number; total: number } | null;
}

export interface MetricsSample {
  t: number;
  heapMb: number;
  heapTotalMb: number;
  externalMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  handles: number;
  fds: number;
  ingested: number;
  duplicates: number;
  deadLetters: number;
  /** Since the previous sample, in cores: the hub, everything else on the machine (bench included), stolen by the host. */
  cpu: { hub: number; others: number; steal: number } | null;
}

export class Monitor {
  readonly rss: Array<[number, number]> = [];
  readonly brokerRss: Array<[number, number]> = [];
  readonly metrics: MetricsSample[] = [];
  metricErrors = 0;
  #timers: NodeJS.Timeout[] = [];
  #lastCpu: CpuMark | null = null;
  #t0 = performance.now();

  constructor(private readonly deps: { hubPid: number; brokerPid: number | null; httpUrl: string; adminToken: string }) {}

  /** Seconds since the monitor started. */
  now(): number {
    return (performance.now() - this.#t0) / 1000;
  }

  start(): void {
    this.#t0 = performance.now();
    this.#sampleRss();
    void this.sampleMetrics();
    this.#timers.push(setInterval(() => this.#sampleRss(), RSS_EVERY_MS), setInterval(() => void this.sampleMetrics(), METRICS_EVERY_MS));
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
  }

  cpuMark(): CpuMark {
    const usage = process.cpuUsage();
    return {
      atMs: performance.now(),
      hubS: cpuS(this.deps.hubPid) ?? Number.NaN,
      brokerS: this.deps.brokerPid ? cpuS(this.deps.brokerPid) ?? Number.NaN : 0,
      benchS: (usage.user + usage.system) / 1e6,
      machine: machineCpuS(),
    };
  }

  /** The hub's RSS now, MB. */
  rssNow(): number {
    return rssMb(this.deps.hubPid) ?? Number.NaN;
  }

  async sampleMetrics(): Promise<MetricsSample | null> {
    try {
      const m = await scrapeMetrics(this.deps.httpUrl, this.deps.adminToken);
      const mark = this.cpuMark();
      const previous = this.#lastCpu;
      this.#lastCpu = mark;
      const sample: MetricsSample = {
        cpu: previous?.machine && mark.machine ? cpuBetween(previous, mark) : null,
        t: this.now(),
        heapMb: (m.get('tp_hub_nodejs_heap_size_used_bytes') ?? Number.NaN) / MB,
        heapTotalMb: (m.get('tp_hub_nodejs_heap_size_total_bytes') ?? Number.NaN) / MB,
        externalMb: (m.get('tp_hub_nodejs_external_memory_bytes') ?? Number.NaN) / MB,
        lagP99Ms: (m.get('tp_hub_nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000,
        lagMaxMs: (m.get('tp_hub_nodejs_eventloop_lag_max_seconds') ?? Number.NaN) * 1000,
        handles: m.get('tp_hub_nodejs_active_handles_total') ?? Number.NaN,
        fds: m.get('tp_hub_process_open_fds') ?? Number.NaN,
        ingested: m.get('tp_events_ingested_total') ?? Number.NaN,
        duplicates: m.get('tp_events_duplicate_total') ?? Number.NaN,
        deadLetters: m.get('tp_events_dead_lettered_total') ?? Number.NaN,
      };
      this.metrics.push(sample);
      return sample;
    } catch {
      this.metricErrors++;
      return null;
    }
  }

  /** RSS growth after `fromS` (the warm-up) up to `toS`, MB per minute (least squares). */
  rssGrowth(fromS: number, toS: number): number {
    return slope(this.rss.filter(([t]) => t >= fromS && t <= toS)) * 60;
  }

  /** The heap that survives full collections now, MB (the hub was started with `gcOnSignal`). */
  async retainedHeap(): Promise<{ t: number; mb: number }> {
    await collectGarbage(this.deps.hubPid);
    const sample = await this.sampleMetrics();
    return { t: this.now(), mb: sample?.heapMb ?? Number.NaN };
  }

  /** The sample nearest to `t` seconds. */
  rssAt(t: number): number {
    let best: [number, number] | undefined;
    for (const point of this.rss) if (!best || Math.abs(point[0] - t) < Math.abs(best[0] - t)) best = point;
    return best?.[1] ?? Number.NaN;
  }

  #sampleRss(): void {
    const t = this.now();
    const hub = rssMb(this.deps.hubPid);
    if (hub !== null) this.rss.push([t, hub]);
    const broker = this.deps.brokerPid ? rssMb(this.deps.brokerPid) : null;
    if (broker !== null) this.brokerRss.push([t, broker]);
  }
}

/** Cores used between two marks: the hub, everything else on the machine, and what the host stole. */
export function cpuBetween(a: CpuMark, b: CpuMark): { hub: number; others: number; steal: number } {
  const wallS = (b.atMs - a.atMs) / 1000;
  const hub = (b.hubS - a.hubS) / wallS;
  const busy = a.machine && b.machine ? (b.machine.busy - a.machine.busy) / wallS : Number.NaN;
  const steal = a.machine && b.machine ? (b.machine.steal - a.machine.steal) / wallS : Number.NaN;
  return { hub, others: Math.max(0, busy - hub), steal };
}
