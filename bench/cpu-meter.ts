/**
 * Where the CPU time of a bench run goes: the main thread, the inference workers, this process as
 * a whole, an ffmpeg child (sampled from /proc) and everything else on the machine, so a ratio
 * measured on a busy machine says so.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fmt } from './lib.ts';


const CLK_TCK = 100; // Linux USER_HZ

/** utime + stime of a process in seconds, or null (not Linux, or it has exited). */
function procCpuS(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat; null if unreadable. */
function machineCpuS(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal (guest is inside user)
    const idle = v[3]! + v[4]!;
    return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
  } catch {
    return null;
  }
}

export interface CpuSplit {
  wallS: number;
  /** Main thread busy (event-loop utilisation × wall). */
  mainS: number;
  /** Sum of in-worker inference time (the models). */
  inferenceS: number;
  /** This process (main thread, workers, GC and libuv threads), from process.cpuUsage. */
  processS: number;
  /** ffmpeg, sampled from /proc (null when it could not be read). */
  ffmpegS: number | null;
  /** Everything else on the machine: other people's processes. */
  othersS: number | null;
  /** Core-seconds the machine had during the run. */
  capacityS: number | null;
}

/** Starts measuring; `stop()` returns the split. `pid()` gives ffmpeg's pid while it runs. */
export function cpuMeter(pid: () => number | undefined) {
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const machine = machineCpuS();
  const started = performance.now();
  let ffmpegFirst: number | null = null;
  let ffmpegLast: number | null = null;
  const sample = () => {
    const s = procCpuS(pid());
    if (s === null) return;
    ffmpegFirst ??= s;
    ffmpegLast = s;
  };
  const timer = setInterval(sample, 100);
  return {
    sample,
    stop(inferenceMs: number): CpuSplit {
      clearInterval(timer);
      const wallS = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const processS = (used.user + used.system) / 1e6;
      const machineEnd = machineCpuS();
      // ffmpeg was spawned inside the run, so its CPU time starts at 0.
      const ffmpegS = ffmpegLast;
      const machineBusy = machine && machineEnd ? machineEnd.busy - machine.busy : null;
      return {
        wallS,
        mainS: performance.eventLoopUtilization(elu).utilization * wallS,
        inferenceS: inferenceMs / 1000,
        processS,
        ffmpegS: ffmpegFirst === null ? null : ffmpegS,
        othersS: machineBusy === null ? null : Math.max(0, machineBusy - processS - (ffmpegS ?? 0)),
        capacityS: machine && machineEnd ? machineEnd.total - machine.total : null,
      };
    },
  };
}

/** `noisyShare`: above this share of the machine used by others, the line warns. */
export function describeCpu(c: CpuSplit, workers: number, noisyShare: number): string[] {
  const pct = (s: number | null, of: number) => (s === null ? 'n/a' : `${fmt((s / of) * 100)}%`);
  const lines = [
    `     CPU over ${fmt(c.wallS, 1)} s: models ${fmt(c.inferenceS, 1)} s (${pct(c.inferenceS, c.wallS * workers)} of ${workers} worker${workers > 1 ? 's' : ''}), ` +
      `main thread ${fmt(c.mainS, 1)} s (${pct(c.mainS, c.wallS)} busy), this process in all ${fmt(c.processS, 1)} s, ffmpeg ≈${c.ffmpegS === null ? 'n/a' : fmt(c.ffmpegS, 1)} s`,
  ];
  if (c.capacityS !== null && c.othersS !== null) {
    const noisy = c.othersS / c.capacityS > noisyShare ? ' ⚠ busy machine: the ratio above is unreliable' : '';
    lines.push(`     machine: ${fmt(c.capacityS, 1)} core-s available, other processes used ≈${fmt(c.othersS, 1)} (${pct(c.othersS, c.capacityS)})${noisy}`);
  }
  return lines;
}
