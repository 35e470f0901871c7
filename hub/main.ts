/**
 * `npm start`: the demo branch and HQ in one process on embedded defaults, printing where
 * everything is. HUB_ROLE=branch runs a branch alone; HUB_ROLE=hq (`npm run hq`) HQ alone.
 */
import { randomBytes } from 'node:crypto';
import { loadHubConfig, type HubConfig } from './config.ts';
import { startHub } from './hub.ts';
import { startHqHub } from './hq/hq-hub.ts';
import { createLogger } from './logger.ts';
import { loadBranchConfig } from './branch/branch-config.ts';
import { startDemoEdge } from './demo-edge.ts';
import { DEMO_HQ_BRANCHES, DEMO_HQ_DAYS, startDemoHq } from './demo-hq.ts';

const log = createLogger();

function stopOnSignals(stop: () => Promise<unknown>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ signal }, 'stopping');
      stop().then(() => process.exit(0), (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      });
    });
  }
}

function print(lines: string[]): void {
  process.stdout.write(['', ...lines.filter((line) => line !== ''), ''].join('\n') + '\n');
}

async function runHq(config: HubConfig): Promise<void> {
  const hub = await startHqHub(config, log);
  print([
    'Touchpoint HQ is running.',
    `  HQ reports   ${hub.httpUrl}/hq/   (demo login hq-analyst / touchpoint-hq, admin / touchpoint-admin; users: TP_HQ_CONFIG)`,
    `  API          ${hub.httpUrl}/api/v1/hq   (OpenAPI: ${hub.httpUrl}/docs)`,
    `  Summaries    ${hub.mqttUrl}, topic tp/v1/+/hub/+/summary` + (config.MQTT_URL ? '' : ' (branches publish with credentials from POST /api/v1/hq/uplinks)'),
    `  Data         ${config.DATA_DIR}`,
  ]);
  stopOnSignals(() => hub.stop());
}

async function runBranch(config: HubConfig): Promise<void> {
  // The demo HQ history is simulated through HQ's API as admin: with TP_ADMIN_TOKEN if set, else
  // with a random admin token that only this process and the simulation's environment know.
  // Not with TLS: the simulation would have to trust the hub's certificate.
  const demoHqWanted = config.HUB_ROLE === 'branch+hq' && config.TP_DEMO_HQ && !config.MQTT_URL && !config.TP_TLS_CERT;
  const demoToken = demoHqWanted ? (config.TP_ADMIN_TOKEN ?? randomBytes(32).toString('base64url')) : undefined;
  const hub = await startHub({ ...config, TP_ADMIN_TOKEN: config.TP_ADMIN_TOKEN ?? demoToken }, log);
  // The demo edge node talks to the embedded broker; with an external one, run edges yourself.
  const demoEdge = config.TP_DEMO_EDGE && !config.MQTT_URL
    ? await startDemoEdge({ devices: hub.devices, dataDir: config.DATA_DIR, mqttUrl: hub.mqttUrl.replace('localhost', '127.0.0.1'), log: log.child({ module: 'hub:demo-edge' }) })
    : null;
  const demoHq = demoToken
    ? await startDemoHq({ db: hub.db, httpUrl: hub.httpUrl.replace('localhost', '127.0.0.1'), adminToken: demoToken, log: log.child({ module: 'hub:demo-hq' }) })
    : null;
  const demoUsers = loadBranchConfig(config.TP_BRANCH_CONFIG).users;
  print([
    `Touchpoint hub for branch ${hub.branchId} is running${hub.hq ? ', with HQ' : ''}.`,
    `  Screens      kiosk ${hub.httpUrl}/kiosk/?kiosk=kiosk-1   display ${hub.httpUrl}/display/`,
    `               counter ${hub.httpUrl}/counter/?counter=c1 (staff login)   privacy ${hub.httpUrl}/privacy/`,
    hub.hq ? `  HQ reports   ${hub.httpUrl}/hq/ (hq-analyst login); more branches: npm run simulate -- --branches 5 --days 14` : '',
    `  API          ${hub.httpUrl}/api/v1   (OpenAPI: ${hub.httpUrl}/docs, health: ${hub.httpUrl}/healthz)`,
    hub.mqttsUrl
      ? `  MQTT         ${hub.mqttsUrl} (TLS; plain ${hub.mqttUrl} for this machine only)   (WebSocket: ${hub.httpUrl.replace('http', 'ws')}/mqtt)`
      : `  MQTT         ${hub.mqttUrl}   (WebSocket: ${hub.httpUrl.replace('http', 'ws')}/mqtt)`,
    `  Data         ${config.DATA_DIR}`,
    '  Log in:      POST /api/v1/auth/login {"username","password"} → bearer token',
    ...demoUsers.map((user) => `               ${user.role.padEnd(6)} ${user.username} / ${user.password}`),
    config.TP_ADMIN_TOKEN ? '               or send TP_ADMIN_TOKEN as a bearer token' : '',
    '  Devices:     POST /api/v1/devices (admin) returns MQTT credentials once.',
    demoEdge ? `  Demo edge:   ${demoEdge.nodeId} analyses edge/samples/lobby.mp4 and kiosk-1's telemetry (TP_DEMO_EDGE=0 to turn it off)` : '',
    demoHq ? `  Demo HQ:     ${DEMO_HQ_BRANCHES} simulated branches × ${DEMO_HQ_DAYS} days are being sent to HQ in the background (TP_DEMO_HQ=0 to turn it off)` : '',
  ]);
  stopOnSignals(async () => {
    await demoHq?.stop();
    await demoEdge?.stop();
    await hub.stop();
  });
}

try {
  const config = loadHubConfig();
  if (config.HUB_ROLE === 'hq') await runHq(config);
  else await runBranch(config);
} catch (error) {
  log.fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
