/**
 * The soak's processes: the hub as `npm start` runs it (`node --import tsx hub/main.ts`, its own
 * process, so its memory and CPU are its own), and an external Mosquitto when asked; what they
 * use, read from /proc; and the hub's own figures from /metrics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const KEEP_OUTPUT_CHARS = 200_000;
const CLK_TCK = 100; // Linux USER_HZ

export const MOSQUITTO_BIN = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'].find((file) => existsSync(file));

export interface LogCounts {
  warn: number;
  error: number;
  /** The first few warnings and errors, as logged. */
  first: string[];
}

export interface ChildHandle {
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

function handle(child: ChildProcess, onLine?: (line: string) => void): ChildHandle {
  let output = '';
  let partial = '';
  const append = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > KEEP_OUTPUT_CHARS) output = output.slice(-KEEP_OUTPUT_CHARS);
    if (!onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const line of lines) onLine(line);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    output: () => output,
    exited,
    async stop(timeoutMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface HubChild extends ChildHandle {
  httpUrl: string;
  mqttUrl: string;
  logs: LogCounts;
}

/**
 * Starts `hub/main.ts` with `env` over bench defaults and waits for "is running". `nodeArgs` go
 * to node (e.g. `--cpu-prof`); with `gcOnSignal`, SIGUSR2 makes the hub collect its garbage
 * (soak-gc.ts), which `collectGarbage` uses.
 */
export async function startHubChild(env: Record<string, string>, options: { nodeArgs?: string[]; gcOnSignal?: boolean; timeoutMs?: number } = {}): Promise<HubChild> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const gc = options.gcOnSignal ? ['--expose-gc'] : [];
  const preload = options.gcOnSignal ? ['--import', pathToFileURL(path.join(REPO_ROOT, 'bench/soak-gc.ts')).href] : [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...gc, '--import', 'tsx', ...preload, 'hub/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', MQTT_PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', HUB_ROLE: 'branch', TP_DEMO_EDGE: '0', TP_DEMO_HQ: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogCounts = { warn: 0, error: 0, first: [] };
  const base = handle(child, (line) => {
    if (!line.startsWith('{')) return;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; module?: string; err?: { message?: string } };
      if ((entry.level ?? 0) < 40) return;
      if (entry.level! >= 50) logs.error++;
      else logs.warn++;
      if (logs.first.length < 8) logs.first.push(`${entry.level! >= 50 ? 'error' : 'warn'} ${entry.module ?? ''}: ${entry.msg ?? ''}${entry.err?.message ? ` (${entry.err.message})` : ''}`);
    } catch {
      // not a log line
    }
  });
  const started = await new Promise<{ httpUrl: string; mqttUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start within ${timeoutMs} ms:\n${base.output()}`));
    }, timeoutMs);
    const check = () => {
      const text = base.output();
      const api = /is running[^\n]*\.[\s\S]*?API\s+(https?:\/\/\S+?)\/api\/v1/.exec(text);
      const mqtt = /MQTT\s+(mqtts?:\/\/\S+)/.exec(text);
      if (!api || !mqtt) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ httpUrl: api[1]!, mqttUrl: mqtt[1]!.replace('localhost', '127.0.0.1') });
    };
    child.stdout!.on('data', check);
    void base.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code} before it was running:\n${base.output()}`));
    });
  });
  return { ...base, ...started, logs };
}

/** Two full collections in a hub started with `gcOnSignal` (the second takes what finalizers freed). */
export async function collectGarbage(pid: number): Promise<void> {
  for (let i = 0; i < 2; i++) {
    process.kill(pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** `mosquitto -c conf`, once it accepts connections on `port`. */
export async function startMosquittoChild(confFile: string, port: number, timeoutMs = 15_000): Promise<ChildHandle> {
  if (!MOSQUITTO_BIN) throw new Error('--broker mosquitto needs Debian\'s mosquitto (apt-get install mosquitto)');
  const child = spawn(MOSQUITTO_BIN, ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const mosquitto = handle(child);
  let gone = false;
  void mosquitto.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (gone) throw new Error(`mosquitto exited at start:\n${mosquitto.output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`mosquitto did not accept connections on ${port} within ${timeoutMs} ms:\n${mosquitto.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return mosquitto;
}

// ---------------------------------------------------------------------------------------------
// /proc

/** Resident set size in MB, or null once the process is gone. */
export function rssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime in seconds, or null once the process is gone. */
export function cpuS(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Busy, stolen (taken by the virtual machine's host) and total core-seconds of the machine, from /proc/stat. */
export function machineCpuS(): { busy: number; steal: number; total: number } | null {
  try {
    const values = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    const steal = values[7]!;
    return { busy: (total - values[3]! - values[4]! - steal) / CLK_TCK, steal: steal / CLK_TCK, total: total / CLK_TCK };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// /metrics

/** The hub's Prometheus text as name → value (series of one name summed over their labels). */
export async function scrapeMetrics(httpUrl: string, token: string): Promise<Map<string, number>> {
  const response = await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`/metrics: ${response.status}`);
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) values.set(match[1]!, (values.get(match[1]!) ?? 0) + value);
  }
  return values;
}
