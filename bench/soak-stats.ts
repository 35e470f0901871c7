/** The soak's measuring tools: named latency series, an HTTP client that times every call, and a least-squares slope. */
import { percentile, round } from './lib.ts';

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Latency samples (ms) by series name; only samples taken while `recording` count. */
export class Latencies {
  recording = false;
  #series = new Map<string, number[]>();

  add(name: string, ms: number): void {
    if (!this.recording) return;
    let samples = this.#series.get(name);
    if (!samples) this.#series.set(name, (samples = []));
    samples.push(ms);
  }

  summary(name: string): Summary {
    const sorted = [...(this.#series.get(name) ?? [])].sort((a, b) => a - b);
    return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
  }

  names(): string[] {
    return [...this.#series.keys()];
  }
}

export const roundSummary = (s: Summary) => ({ n: s.n, p50: round(s.p50, 1), p99: round(s.p99, 1), max: round(s.max, 1) });

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * JSON calls to the hub's API, each timed into `latencies` under its route name. Answers that
 * are part of the flow (`expected`, e.g. 404 "no one is waiting") are returned, others thrown;
 * every status is counted per route, 5xx and network failures apart.
 */
export class Api {
  readonly counts = new Map<string, { ok: number; expected: number; failed: number; serverErrors: number; firstError?: string }>();
  requests = 0;

  constructor(private readonly apiUrl: string, private readonly latencies: Latencies) {}

  async call<T = any>(route: string, method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; expected?: number[] } = {}): Promise<{ status: number; body: T }> {
    const count = this.counts.get(route) ?? { ok: 0, expected: 0, failed: 0, serverErrors: 0 };
    this.counts.set(route, count);
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    this.requests++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.apiUrl}${url}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
      text = await response.text();
    } catch (error) {
      count.failed++;
      count.serverErrors++;
      count.firstError ??= `${method} ${url}: ${(error as Error).message}`;
      throw error;
    }
    this.latencies.add(`api ${route}`, performance.now() - started);
    const body = text ? JSON.parse(text) : null;
    if (response.ok) count.ok++;
    else if (options.expected?.includes(response.status)) count.expected++;
    else {
      count.failed++;
      if (response.status >= 500) count.serverErrors++;
      count.firstError ??= `${method} ${url}: ${response.status} ${text.slice(0, 200)}`;
      throw new HttpError(response.status, `${method} ${url}: ${response.status} ${text.slice(0, 200)}`);
    }
    return { status: response.status, body };
  }

  totals(): { ok: number; expected: number; failed: number; serverErrors: number } {
    const total = { ok: 0, expected: 0, failed: 0, serverErrors: 0 };
    for (const c of this.counts.values()) {
      total.ok += c.ok;
      total.expected += c.expected;
      total.failed += c.failed;
      total.serverErrors += c.serverErrors;
    }
    return total;
  }
}

/** Least-squares slope of y over x (units of y per unit of x); NaN with fewer than 3 points. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  if (points.length < 3) return Number.NaN;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}
