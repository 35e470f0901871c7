/**
 * `npm run simulate -- --branches N --days D [--hq URL] [--seed S] [--processes P] [--keep DIR]`
 *
 * Demo traffic for HQ: N simulated branches (hub/tools/simulate/branch-profiles.ts), each a real
 * branch hub on a virtual clock with its own SQLite database, play the D days before today —
 * customers taking tickets at the API, tellers calling and serving them, feedback, kiosk
 * sessions, help requests and falls from an edge device over MQTT, floor staff answering
 * dispatches — and publish their hours to HQ through HQ's broker with the uplink credentials HQ
 * issues (POST /api/v1/hq/uplinks). Nothing is written into HQ's database except by HQ itself,
 * and every branch is marked simulated.
 *
 * HQ is a running hub with HQ's part (`npm start` or `npm run hq`, embedded broker), by default
 * http://localhost:8080. It is reached as admin: TP_ADMIN_TOKEN, else --user/--password (the demo
 * admin by default). Rerunning with the same seed plays the same days again; HQ keeps the hours
 * it already has. The branches are shared out among P processes (default 2, one per core), each
 * playing its branches one after another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, type Logger } from '../../logger.ts';
import { BranchDriver, type DayReport, type Uplink } from './branch-driver.ts';
import { buildBranchFile } from './branch-file.ts';
import { branchProfiles, MAX_BRANCHES, type BranchProfile } from './branch-profiles.ts';
import { pastDays } from './calendar.ts';
import { mixSeed } from './day-plan.ts';

const USAGE = 'usage: npm run simulate -- --branches N --days D [--hq http://localhost:8080] [--seed 1] [--processes 2] [--keep DIR] [--user admin --password …]';
/** How a parent process hands its HQ bearer token to the processes it starts. */
const TOKEN_ENV = 'TP_SIMULATE_HQ_TOKEN';
/** The last line of a shard process: what it sent, for the parent to add up. */
const SHARD_RESULT = 'shard-result ';
/** The shard processes this one started, stopped with it. */
const children = new Set<ChildProcess>();
const MAX_DAYS = 92;
const ACK_TIMEOUT_MS = 120_000;

interface Options {
  branches: number;
  days: number;
  hqUrl: string;
  seed: number;
  processes: number;
  /** This process plays the branches whose index ≡ k (mod of), started by a parent process. */
  shard: { k: number; of: number } | null;
  keepDir: string | null;
  user: string;
  password: string;
}

function positiveInt(name: string, value: string | undefined, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) throw new Error(`--${name} must be a whole number from 1 to ${max}, not ${JSON.stringify(value)}\n${USAGE}`);
  return number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      branches: { type: 'string', default: '5' },
      days: { type: 'string', default: '14' },
      hq: { type: 'string', default: 'http://localhost:8080' },
      seed: { type: 'string', default: '1' },
      processes: { type: 'string', default: '2' },
      shard: { type: 'string' },
      keep: { type: 'string' },
      user: { type: 'string', default: 'admin' },
      password: { type: 'string', default: 'touchpoint-admin' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be a whole number, not ${JSON.stringify(values.seed)}`);
  let hqUrl: URL;
  try {
    hqUrl = new URL(values.hq);
  } catch {
    throw new Error(`--hq must be the HQ hub's address, e.g. http://localhost:8080, not ${JSON.stringify(values.hq)}`);
  }
  return {
    branches: positiveInt('branches', values.branches, MAX_BRANCHES),
    days: positiveInt('days', values.days, MAX_DAYS),
    hqUrl: hqUrl.origin,
    seed,
    processes: positiveInt('processes', values.processes, 8),
    shard: values.shard ? parseShard(values.shard) : null,
    keepDir: values.keep ? path.resolve(values.keep) : null,
    user: values.user,
    password: values.password,
  };
}

function parseShard(value: string): { k: number; of: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const shard = match ? { k: Number(match[1]), of: Number(match[2]) } : null;
  if (!shard || shard.of < 1 || shard.k >= shard.of) throw new Error(`--shard must be k/n with 0 ≤ k < n, not ${JSON.stringify(value)}`);
  return shard;
}

/** HQ's API as admin: the admin token, or a login. */
class HqAdmin {
  private constructor(private readonly baseUrl: string, readonly token: string) {}

  static async connect(options: Options): Promise<HqAdmin> {
    const fromEnv = process.env[TOKEN_ENV] ?? process.env.TP_ADMIN_TOKEN;
    if (fromEnv) return new HqAdmin(options.hqUrl, fromEnv);
    const response = await HqAdmin.#fetch(`${options.hqUrl}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: options.user, password: options.password }) });
    const body = (await response.json()) as { token?: string; message?: string };
    if (!response.ok || !body.token) throw new Error(`HQ refused the login of ${options.user} (${response.status}: ${body.message ?? 'no token'}); set TP_ADMIN_TOKEN or --user/--password`);
    return new HqAdmin(options.hqUrl, body.token);
  }

  static async #fetch(url: string, init: RequestInit & { token?: string }): Promise<Response> {
    try {
      return await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) } });
    } catch (error) {
      throw new Error(`HQ is not reachable at ${new URL(url).origin} (${(error as Error).cause ?? (error as Error).message}); start it with npm start or npm run hq`);
    }
  }

  /** New MQTT credentials for this branch to publish its summaries to HQ's embedded broker. */
  async uplink(branchId: string): Promise<Uplink> {
    const response = await HqAdmin.#fetch(`${this.baseUrl}/api/v1/hq/uplinks`, { method: 'POST', token: this.token, body: JSON.stringify({ branchId }) });
    const body = (await response.json()) as Partial<Uplink> & { message?: string };
    if (response.status === 404) throw new Error(`${this.baseUrl} has no HQ part: run it with HUB_ROLE=hq or branch+hq (the default of npm start)`);
    if (response.status !== 201 || !body.mqttUrl || !body.username || !body.password) throw new Error(`HQ did not issue an uplink for ${branchId} (${response.status}: ${body.message ?? 'no credentials'})`);
    // Simulated hubs reach HQ's broker over IPv4 loopback even when HQ named it "localhost".
    return { mqttUrl: body.mqttUrl.replace('//localhost:', '//127.0.0.1:'), username: body.username, password: body.password };
  }
}

function formatDay(report: DayReport): string {
  if (!report.open) return `${report.branchId}  ${report.day}  closed`;
  const parts = [
    `${report.tickets} tickets`, `${report.served} served`, `${report.gaveUp} gave up`, `${report.feedback} feedback`,
    `${report.incidents} incidents`, `${report.dispatches} dispatches`, `${report.events} edge events`,
  ];
  return `${report.branchId}  ${report.day}  ${parts.join(', ')}  (${(report.elapsedMs / 1000).toFixed(1)} s)`;
}

/** Plays every day of one branch, then waits until HQ has acknowledged all its hours. */
async function simulateBranch(profile: BranchProfile, options: Options, admin: HqAdmin, runDir: string, log: Logger): Promise<{ hours: number }> {
  const dataDir = path.join(runDir, profile.id);
  mkdirSync(dataDir, { recursive: true });
  const days = pastDays(options.days, profile.timezone, Date.now());
  const driver = await BranchDriver.start({
    profile, file: buildBranchFile(profile), dataDir, firstDay: days[0]!, seed: options.seed, uplink: await admin.uplink(profile.id), log,
  });
  try {
    for (const day of days) process.stdout.write(`${formatDay(await driver.runDay(day, mixSeed(options.seed, `${profile.id}:${day}`)))}\n`);
    return { hours: await driver.publishAll(ACK_TIMEOUT_MS) };
  } finally {
    await driver.stop();
  }
}

/** Plays the branches of this process one after another; answers the branch-hours HQ acknowledged. */
async function simulateBranches(profiles: readonly BranchProfile[], options: Options, admin: HqAdmin, runDir: string, log: Logger): Promise<number> {
  let hours = 0;
  for (const profile of profiles) hours += (await simulateBranch(profile, options, admin, runDir, log)).hours;
  return hours;
}

/** Starts one process per shard with the same options, passes their lines through, and adds up their hours. */
async function runShards(options: Options, admin: HqAdmin, runDir: string): Promise<number> {
  const argv = process.argv.slice(2).filter((arg, index, all) => arg !== '--processes' && all[index - 1] !== '--processes' && !arg.startsWith('--processes='));
  const shards = Array.from({ length: options.processes }, (_, k) => new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...argv, '--keep', runDir, '--shard', `${k}/${options.processes}`], {
      env: { ...process.env, [TOKEN_ENV]: admin.token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(child);
    let hours = 0;
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(SHARD_RESULT)) hours = Number(line.slice(SHARD_RESULT.length));
        else process.stdout.write(`${line}\n`);
      }
    });
    child.once('exit', (code) => {
      children.delete(child);
      if (code === 0) return resolve(hours);
      // One failed: the others stop too, before the run's directory is removed.
      for (const other of children) other.kill('SIGTERM');
      reject(new Error(`simulation process ${k + 1} of ${options.processes} failed (exit ${code})`));
    });
  }));
  return (await Promise.all(shards)).reduce((sum, hours) => sum + hours, 0);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // The simulated hubs log warnings only: the run prints one line per branch-day.
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const admin = await HqAdmin.connect(options);
  const profiles = branchProfiles(options.branches, options.seed);
  const runDir = options.keepDir ?? mkdtempSync(path.join(os.tmpdir(), 'tp-simulate-'));
  // Stopped from outside (Ctrl-C, or npm start stopping its demo history): leave no files behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of children) child.kill(signal);
      if (!options.keepDir) rmSync(runDir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  if (options.shard) {
    const mine = profiles.filter((_, index) => index % options.shard!.of === options.shard!.k);
    process.stdout.write(`${SHARD_RESULT}${await simulateBranches(mine, options, admin, runDir, log)}\n`);
    return;
  }
  const started = performance.now();
  const processes = Math.min(options.processes, profiles.length);
  process.stdout.write(`Simulating ${profiles.length} branches × ${options.days} days (seed ${options.seed}) into HQ at ${options.hqUrl}, in ${processes} process${processes > 1 ? 'es' : ''}\n`);
  try {
    const hours = processes > 1 ? await runShards({ ...options, processes }, admin, runDir) : await simulateBranches(profiles, options, admin, runDir, log);
    process.stdout.write([
      `Done in ${((performance.now() - started) / 1000).toFixed(0)} s: HQ acknowledged ${hours} branch-hours from ${profiles.length} simulated branches.`,
      `See them at ${options.hqUrl}/hq/ (hq-analyst / touchpoint-hq on the demo).`,
      options.keepDir ? `The simulated branches' databases are in ${runDir}.` : '',
    ].filter(Boolean).join('\n') + '\n');
  } finally {
    if (!options.keepDir) rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`simulate: ${(error as Error).message}\n`);
  process.exit(1);
});
