/** `npm start`: one branch hub on embedded defaults, printing where everything is. */
import { loadHubConfig } from './config.ts';
import { startHub } from './hub.ts';
import { createLogger } from './logger.ts';
import { loadBranchConfig } from './branch/branch-config.ts';
import { startDemoEdge } from './demo-edge.ts';

const log = createLogger();

try {
  const config = loadHubConfig();
  const hub = await startHub(config, log);
  // The demo edge node talks to the embedded broker; with an external one, run edges yourself.
  const demoEdge = config.TP_DEMO_EDGE && !config.MQTT_URL
    ? await startDemoEdge({ devices: hub.devices, dataDir: config.DATA_DIR, mqttUrl: hub.mqttUrl.replace('localhost', '127.0.0.1'), log: log.child({ module: 'hub:demo-edge' }) })
    : null;
  const demoUsers = loadBranchConfig(config.TP_BRANCH_CONFIG).users;
  const lines = [
    '',
    `Touchpoint hub for branch ${hub.branchId} is running.`,
    `  Screens      kiosk ${hub.httpUrl}/kiosk/?kiosk=kiosk-1   display ${hub.httpUrl}/display/`,
    `               counter ${hub.httpUrl}/counter/?counter=c1 (staff login)   privacy ${hub.httpUrl}/privacy/`,
    `  API          ${hub.httpUrl}/api/v1   (OpenAPI: ${hub.httpUrl}/docs, health: ${hub.httpUrl}/healthz)`,
    `  MQTT         ${hub.mqttUrl}   (WebSocket: ${hub.httpUrl.replace('http', 'ws')}/mqtt)`,
    `  Data         ${config.DATA_DIR}`,
    '  Log in:      POST /api/v1/auth/login {"username","password"} → bearer token',
    ...demoUsers.map((user) => `               ${user.role.padEnd(6)} ${user.username} / ${user.password}`),
    config.TP_ADMIN_TOKEN ? '               or send TP_ADMIN_TOKEN as a bearer token' : '',
    '  Devices:     POST /api/v1/devices (admin) returns MQTT credentials once.',
    demoEdge ? `  Demo edge:   ${demoEdge.nodeId} analyses edge/samples/lobby.mp4 and kiosk-1's telemetry (TP_DEMO_EDGE=0 to turn it off)` : '',
    '',
  ];
  process.stdout.write(lines.filter((line) => line !== '').join('\n') + '\n');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ signal }, 'stopping');
      Promise.resolve(demoEdge?.stop()).then(() => hub.stop()).then(() => process.exit(0), (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      });
    });
  }
} catch (error) {
  log.fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
