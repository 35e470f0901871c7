/**
 * The demo branch's edge node, for `npm start`: registers (or re-registers) its device, writes its
 * config with the fresh credentials into DATA_DIR (owner-only), and runs it as its own process, as
 * a real edge device would be, restarting it if it dies. Off with TP_DEMO_EDGE=0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeviceRegistry } from './devices/device-registry.ts';
import type { Logger } from './logger.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const TEMPLATE = path.join(REPO, 'edge/samples/demo-edge.json');
const RESTART_MS = 5000;

export interface DemoEdge {
  nodeId: string;
  stop(): Promise<void>;
}

export async function startDemoEdge(deps: { devices: DeviceRegistry; dataDir: string; mqttUrl: string; log: Logger }): Promise<DemoEdge> {
  const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as {
    nodeId: string;
    broker: Record<string, string>;
    cameras: { source: string }[];
  };
  const existing = (await deps.devices.list()).find((device) => device.kind === 'edge' && device.sourceId === template.nodeId);
  if (existing) await deps.devices.revoke(existing.id);
  const { username, password } = await deps.devices.register({ kind: 'edge', sourceId: template.nodeId, name: 'Demo lobby camera (sample clip)' });

  const dir = path.resolve(deps.dataDir, 'demo-edge');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const configFile = path.join(dir, 'edge.json');
  const config = {
    ...template,
    broker: { url: deps.mqttUrl, username, password },
    dataDir: dir,
    cameras: template.cameras.map((camera) => ({ ...camera, source: path.resolve(path.dirname(TEMPLATE), camera.source) })),
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });

  let child: ChildProcess | null = null;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | null = null;
  const run = () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'edge/main.ts'), '--config', configFile], {
      cwd: REPO,
      env: { ...process.env, LOG_FORMAT: 'json' },
      // The IPC channel closes when this process ends, however it ends: the edge then stops too.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      deps.log.warn({ code, signal }, `demo edge node exited; restarting in ${RESTART_MS / 1000} s`);
      restartTimer = setTimeout(run, RESTART_MS);
    });
  };
  run();
  deps.log.info({ nodeId: template.nodeId, config: configFile }, 'demo edge node started on the sample clip');

  return {
    nodeId: template.nodeId,
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
        setTimeout(() => running.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
