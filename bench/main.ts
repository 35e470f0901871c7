/** `npm run bench -- <name> [flags]`: one bench per name; see bench/README.md. */
import { UsageError } from './lib.ts';

type Bench = (args: string[]) => Promise<number>;

const BENCHES: Record<string, { summary: string; flags: string; load: () => Promise<Bench> }> = {
  hub: {
    summary: 'SQLite raw limit, sustained MQTT ingest (events/s) and publish → socket.io latency',
    flags: '--events 50000 --window 200 --rate 1000 --seconds 10 --raw-rows 100000 [--publisher-thread] [--profile]',
    load: async () => (await import('./hub.ts')).runHubBench,
  },
  edge: {
    summary: 'raw model fps (CenterNet, faces + expressions), pipeline fps on the sample clip ÷ raw, motion-gate speed-up, the pose cost per fall candidate and the pipeline fps with fall poses on, on a six-person scene',
    flags: '--frames 20 --workers-max 2 --seconds 10 --static-frames 150 --pose-runs 40',
    load: async () => (await import('./edge.ts')).runEdgeBench,
  },
  kiosk: {
    summary: 'screens: JS per page (gzip, aim ≤ 200 KB) and time to interactive in headless Chromium (aim ≤ 1 s)',
    flags: '--runs 5',
    load: async () => (await import('./kiosk.ts')).runKioskBench,
  },
  dispatch: {
    summary: 'help request published over MQTT → the offer on a staff phone (p50/p99, aim p99 ≤ 100 ms), against the floor\'s alert push',
    flags: '--staff 50 --alerts 200 --warmup 10',
    load: async () => (await import('./dispatch.ts')).runDispatchBench,
  },
  wait: {
    summary: 'wait prediction: median absolute error and share of real waits inside the range, on simulated days or a real queue log',
    flags: '--days 20 --seed 1 | --replay FILE [--plot OUT.svg] [--json]',
    load: async () => (await import('./wait.ts')).runWaitBench,
  },
  hq: {
    summary: 'a branch-day\'s KPIs over 12.5k…100k events (in memory, tick() on SQLite, the KPI read) and an HQ ranking over 150…1,000 branch-days (pure and via the API), with growth exponents',
    flags: '--events 100000 --steps 4 --branches 50 --days 20 --history 28 --reps 3',
    load: async () => (await import('./hq.ts')).runHqBench,
  },
  soak: {
    summary: 'a whole branch (hub as its own process) at 10 × a busy day for 10 min: throughput, p99 latencies, hub memory growth, CPU, and every event, ticket and feedback answer checked in the database (loss must be 0)',
    flags: '--minutes 10 --scale 10 --cameras 20 --kiosks 4 --staff 30 --tablets 2 --seed 1 --broker embedded|mosquitto [--profile]',
    load: async () => (await import('./soak.ts')).runSoakBench,
  },
};

function usage(): string {
  return [
    'usage: npm run bench -- <bench> [flags]',
    '',
    ...Object.entries(BENCHES).flatMap(([name, bench]) => [`  ${name.padEnd(6)} ${bench.summary}`, `         ${bench.flags}`]),
    '',
    '(defaults shown; see bench/README.md)',
  ].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(`${name ? `unknown bench ${JSON.stringify(name)}\n\n` : ''}${usage()}\n`);
  process.exit(2);
}

try {
  const code = await (await bench.load())(args);
  process.exit(code);
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${usage()}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench ${name} failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
