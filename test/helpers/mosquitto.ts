/**
 * A real Mosquitto for one test: `mosquitto -c conf` on a free port, waited for until it accepts
 * TCP connections, restartable (same config, same port, same persistence) and stopped on teardown.
 * Without a config file it writes one: an anonymous listener on 127.0.0.1, nothing persisted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'].find((file) => existsSync(file));

/** Mosquitto started as root drops to the user `mosquitto`, who cannot read a test's temp files. */
export const runAsUserLine = process.getuid?.() === 0 ? 'user root' : '';

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

export interface MosquittoBroker {
  port: number;
  url: string;
  confFile: string;
  /** Everything Mosquitto logged so far, across restarts. */
  log(): string;
  /** Stops it (SIGTERM: it saves its persistent store) and starts it again on the same port. */
  restart(): Promise<void>;
  /** SIGHUP: it reads its password and ACL files again; resolves once it has logged the reload. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartMosquittoOptions {
  /** A config file that listens on `port`; when absent, one is written to a temp dir. */
  confFile?: string;
  port?: number;
  startTimeoutMs?: number;
}

export async function startMosquitto(options: StartMosquittoOptions = {}): Promise<MosquittoBroker> {
  if (!MOSQUITTO_BIN) throw new Error('these tests need the real Mosquitto: apt-get install mosquitto (or set MOSQUITTO_BIN)');
  if (options.confFile && !options.port) throw new Error('give the port the config file listens on');
  const port = options.port ?? (await freePort());
  let confFile = options.confFile;
  if (!confFile) {
    confFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tp-mosquitto-')), 'mosquitto.conf');
    writeFileSync(confFile, [runAsUserLine, `listener ${port} 127.0.0.1`, 'allow_anonymous true', ''].join('\n'));
  }
  const conf = confFile;
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  let output = '';
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = async (): Promise<void> => {
    const proc = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let gone = false;
    exited = new Promise((resolve) => proc.once('exit', () => { gone = true; resolve(); }));
    proc.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    proc.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const deadline = Date.now() + timeoutMs;
    while (!(await accepts(port))) {
      if (gone) throw new Error(`mosquitto exited at start:\n${output}`);
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`mosquitto did not accept connections on port ${port} within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    confFile: conf,
    log: () => output,
    async restart() {
      await stop();
      await launch();
    },
    async reload() {
      const before = output.split('Reloading config').length;
      (child as ChildProcess | null)?.kill('SIGHUP');
      const deadline = Date.now() + timeoutMs;
      while (output.split('Reloading config').length === before) {
        if (Date.now() > deadline) throw new Error(`mosquitto did not reload within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop,
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
