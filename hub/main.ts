/** `npm start`: one branch hub on embedded defaults, printing where everything is. */
import { loadHubConfig } from './config.ts';
import { startHub } from './hub.ts';
import { createLogger } from './logger.ts';
import { loadBranchConfig } from './branch/branch-config.ts';

const log = createLogger();

try {
  const config = loadHubConfig();
  const hub = await startHub(config, log);
  const demoUsers = loadBranchConfig(config.TP_BRANCH_CONFIG).users;
  const lines = [
    '',
    `Touchpoint hub for branch ${hub.branchId} is running.`,
    `  API          ${hub.httpUrl}/api/v1   (OpenAPI: ${hub.httpUrl}/docs, health: ${hub.httpUrl}/healthz)`,
    `  MQTT         ${hub.mqttUrl}   (WebSocket: ${hub.httpUrl.replace('http', 'ws')}/mqtt)`,
    `  Data         ${config.DATA_DIR}`,
    '  Log in:      POST /api/v1/auth/login {"username","password"} → bearer token',
    ...demoUsers.map((user) => `               ${user.role.padEnd(6)} ${user.username} / ${user.password}`),
    config.TP_ADMIN_TOKEN ? '               or send TP_ADMIN_TOKEN as a bearer token' : '',
    '  Devices:     POST /api/v1/devices (admin) returns MQTT credentials once.',
    '',
  ];
  process.stdout.write(lines.filter((line) => line !== '').join('\n') + '\n');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ signal }, 'stopping');
      hub.stop().then(() => process.exit(0), (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      });
    });
  }
} catch (error) {
  log.fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
