/**
 * Builds the screens (kiosk-ui/dist) with Vite in a child process, and knows whether the
 * built files are older than their sources. `tsx kiosk-ui/build/build-ui.ts --if-stale` is what
 * `npm start` runs first: it builds only when dist is missing or out of date.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UI_DIST_DIR, UI_PAGES } from '../pages.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(REPO_ROOT, UI_DIST_DIR);
/** Everything that goes into the build. */
const SOURCES = ['kiosk-ui/src', 'kiosk-ui/public', 'kiosk-ui/build', 'kiosk-ui/pages.ts', 'protocol', 'vite.config.ts', ...UI_PAGES.map((page) => `kiosk-ui/${page}/index.html`)];

function newestMtimeMs(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtimeMs(path.join(target, entry)));
  return newest;
}

/** True when every page is built and no source changed since. */
export function uiBuildIsCurrent(): boolean {
  const built = UI_PAGES.map((page) => path.join(DIST, page, 'index.html'));
  if (!built.every((file) => existsSync(file))) return false;
  const oldestBuild = Math.min(...built.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(...SOURCES.map((source) => path.join(REPO_ROOT, source)).filter((source) => existsSync(source)).map(newestMtimeMs));
  return newestSource <= oldestBuild;
}

/** Runs `vite build`; rejects with Vite's output when it fails. */
export function buildUi(): Promise<void> {
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) return Promise.reject(new Error('vite is not installed (a devDependency): run npm install without --omit=dev to build the screens'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code}):\n${output}`))));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && uiBuildIsCurrent()) process.exit(0);
  process.stdout.write('Building the screens (kiosk-ui) ...\n');
  buildUi().then(
    () => process.stdout.write(`Screens built into ${UI_DIST_DIR}.\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      // A hub with screens from an older build, or none, still runs; it says so at /kiosk/.
      process.exit(ifStale ? 0 : 1);
    },
  );
}
