/**
 * HQ's demo history, for `npm start` (HUB_ROLE=branch+hq): on the first start, while HQ knows no
 * simulated branch yet, `npm run simulate` runs in the background as its own process (at low CPU
 * priority, so the demo branch stays responsive) and fills HQ with a week of four simulated
 * branches through HQ's real API and broker, day by day as they finish. A newcomer opening /hq/
 * sees branches to compare within a minute instead of an empty page. Off with TP_DEMO_HQ=0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import path from 'node:path';
import type { Db } from './db/database.ts';
import type { Logger } from './logger.ts';

const REPO = path.resolve(import.meta.dirname, '..');
export const DEMO_HQ_BRANCHES = 4;
export const DEMO_HQ_DAYS = 7;
const LOW_PRIORITY = 10;

export interface DemoHq {
  stop(): Promise<void>;
}

export async function startDemoHq(deps: { db: Db; httpUrl: string; adminToken: string; log: Logger }): Promise<DemoHq | null> {
  const { db, log } = deps;
  if ((await db.hqBranch.count({ where: { simulated: true } })) > 0) {
    log.info('HQ already has simulated branches; npm run simulate adds more');
    return null;
  }
  const args = ['--import', 'tsx', 'hub/tools/simulate/main.ts', '--branches', String(DEMO_HQ_BRANCHES), '--days', String(DEMO_HQ_DAYS), '--hq', deps.httpUrl];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, TP_ADMIN_TOKEN: deps.adminToken, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    if (child.pid) setPriority(child.pid, LOW_PRIORITY);
  } catch {
    // Not allowed to lower it (some containers): it runs at normal priority.
  }
  log.info({ branches: DEMO_HQ_BRANCHES, days: DEMO_HQ_DAYS }, 'filling HQ with simulated branches in the background (TP_DEMO_HQ=0 to turn it off)');
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) log.debug({ simulate: line.trim() }, 'demo HQ history');
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (code === 0) log.info('HQ demo history is complete');
      else if (signal === null) log.warn({ code, stderr: stderr.trim() }, 'filling HQ with simulated branches failed; npm run simulate can do it by hand');
      resolve();
    });
  });
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
