/**
 * The hub as a child process (`node --import tsx hub/main.ts`), as `npm start` runs it: waits for
 * "is running", parses the API URL it prints, and can be stopped (SIGTERM) or killed (SIGKILL).
 * Defaults: HTTP on a free port at 127.0.0.1, embedded broker on a free port, JSON logs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const KEEP_OUTPUT_CHARS = 1_000_000;

export interface HubProcess {
  pid: number;
  /** e.g. http://127.0.0.1:41234 */
  httpUrl: string;
  /** e.g. http://127.0.0.1:41234/api/v1 */
  apiUrl: string;
  /** stdout and stderr so far (the last megabyte). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM: the hub drains and closes; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startHubProcess(env: Record<string, string | undefined>, options: { startTimeoutMs?: number } = {}): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', TP_DEMO_EDGE: '0', TP_DEMO_HQ: '0', TP_PUBLIC_WRITES_PER_MIN: '0', TP_PUBLIC_READS_PER_MIN: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
    if (output.length > KEEP_OUTPUT_CHARS) output = output.slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const timeoutMs = options.startTimeoutMs ?? 45_000;
  const httpUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = (): void => {
      const match = /is running[^\n]*\.[\s\S]*?API\s+(https?:\/\/\S+?)\/api\/v1/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code} before it was running:\n${output}`));
    });
  });

  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    pid: child.pid!,
    httpUrl,
    apiUrl: `${httpUrl}/api/v1`,
    output: () => output,
    exited,
    kill,
    async stop(stopTimeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
