/**
 * `npm run mosquitto:files -- --out DIR [--hub-user tp-hub] [--port 1883] [--user NAME] [--new-hub-password]
 *                          [--tls-cert FILE --tls-key FILE [--tls-port 8883]]
 *                          [--hq-url mqtt://hq:1883 --hq-user NAME --hq-password SECRET]`
 *
 * Writes what an external Mosquitto needs to serve this branch's hub, from the hub database
 * (DATA_DIR, default ./data):
 *   DIR/passwd          the hub's own user and every registered device (`$7$` PBKDF2 hashes)
 *   DIR/acl             each device may use only its own topic prefix; the hub reads the branch
 *   DIR/mosquitto.conf  no anonymous clients, a persistent store, and queues deep enough that the
 *                       hub's persistent session loses nothing while the hub is down or catching up;
 *                       with --tls-cert and --tls-key, MQTT over TLS on --tls-port and plain MQTT on
 *                       127.0.0.1 only (the hub then uses MQTT_URL=mqtts://… and MQTT_CA)
 *   DIR/hub-password    the hub's password (mode 0600), printed once when it is generated
 * With --hq-url, mosquitto.conf also bridges the hub's summaries to HQ's broker (mosquitto-bridge.ts).
 * Run it again after registering or revoking a device, then reload Mosquitto (SIGHUP). The hub's
 * password is kept from DIR/hub-password on later runs (so the running hub stays connected) unless
 * --new-hub-password is given. Start the hub with MQTT_URL, MQTT_USERNAME and MQTT_PASSWORD.
 *
 * Mosquitto started as root drops to the user `mosquitto` (or --user): that user must be able to
 * read DIR/passwd and DIR/acl and to write DIR/mosquitto.db (e.g. `chown -R mosquitto DIR`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { mosquittoPasswordHash, newSecret } from '../auth/secrets.ts';
import { loadBranchConfig } from '../branch/branch-config.ts';
import { EventBus } from '../bus.ts';
import { loadHubConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { DeviceRegistry } from '../devices/device-registry.ts';
import { pino } from 'pino';
import { bridgeSection } from './mosquitto-bridge.ts';

export interface MosquittoFilesOptions {
  outDir: string;
  dataDir: string;
  /** Branch config file; its branch id is used when the database does not hold exactly one branch. */
  branchConfigFile: string;
  hubUser?: string;
  port?: number;
  /** Mosquitto's `user` line: whom it runs as when started as root. */
  user?: string;
  newHubPassword?: boolean;
  /** HQ's broker, to bridge the summaries to. */
  hq?: { url: string; username?: string; password?: string };
  /** MQTT over TLS with this certificate and key (PEM files Mosquitto can read). */
  tls?: { certFile: string; keyFile: string; port?: number };
}

export interface MosquittoFilesResult {
  branchId: string;
  hubUser: string;
  hubPassword: string;
  /** False when the password was kept from an earlier run's DIR/hub-password. */
  hubPasswordIsNew: boolean;
  devices: number;
  files: { conf: string; passwd: string; acl: string; hubPassword: string };
}

export async function writeMosquittoFiles(options: MosquittoFilesOptions): Promise<MosquittoFilesResult> {
  const hubUser = options.hubUser ?? 'tp-hub';
  const port = options.port ?? 1883;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(hubUser)) throw new Error(`invalid hub user ${JSON.stringify(hubUser)}: use letters, digits, dot, dash, underscore`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port ${port}`);
  const tls = options.tls ? { certFile: path.resolve(options.tls.certFile), keyFile: path.resolve(options.tls.keyFile), port: options.tls.port ?? 8883 } : undefined;
  if (tls && (!Number.isInteger(tls.port) || tls.port < 1 || tls.port > 65535 || tls.port === port)) throw new Error(`invalid TLS port ${tls.port}`);
  for (const file of tls ? [tls.certFile, tls.keyFile] : []) if (!existsSync(file)) throw new Error(`no such file ${file}`);

  const outDir = path.resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const files = {
    conf: path.join(outDir, 'mosquitto.conf'),
    passwd: path.join(outDir, 'passwd'),
    acl: path.join(outDir, 'acl'),
    hubPassword: path.join(outDir, 'hub-password'),
  };

  const { db } = await openDatabase({ dataDir: options.dataDir, synchronous: 'normal' });
  try {
    const branches = await db.branch.findMany({ select: { id: true } });
    const branchId = branches.length === 1 ? branches[0]!.id : loadBranchConfig(options.branchConfigFile).branch.id;
    const devices = new DeviceRegistry(db, new EventBus(pino({ enabled: false })), branchId);
    const deviceCount = (await devices.list()).length;

    const kept = !options.newHubPassword && existsSync(files.hubPassword) ? readFileSync(files.hubPassword, 'utf8').trim() : '';
    const hubPassword = kept || newSecret();
    const { passwd, acl } = await devices.mosquittoFiles({ username: hubUser, passwordHash: mosquittoPasswordHash(hubPassword) });

    writeFileSync(files.hubPassword, hubPassword + '\n', { mode: 0o600 });
    chmodSync(files.hubPassword, 0o600);
    writeFileSync(files.passwd, passwd, { mode: 0o640 });
    writeFileSync(files.acl, acl, { mode: 0o640 });
    const bridge = options.hq ? bridgeSection({ branchIds: [branchId], hqUrl: options.hq.url, username: options.hq.username, password: options.hq.password }) : '';
    writeFileSync(files.conf, mosquittoConf({ branchId, port, outDir, files, user: options.user, tls }) + bridge, { mode: 0o640 });
    return { branchId, hubUser, hubPassword, hubPasswordIsNew: !kept, devices: deviceCount, files };
  } finally {
    await db.$disconnect();
  }
}

function mosquittoConf(input: { branchId: string; port: number; outDir: string; files: { passwd: string; acl: string }; user?: string; tls?: { certFile: string; keyFile: string; port: number } }): string {
  const { tls } = input;
  const listeners = tls
    ? ['# Plain MQTT for this machine only; devices and remote hubs use TLS.', `listener ${input.port} 127.0.0.1`, `listener ${tls.port}`, `certfile ${tls.certFile}`, `keyfile ${tls.keyFile}`, 'tls_version tlsv1.2']
    : [`listener ${input.port}`];
  return [
    `# Mosquitto for Touchpoint branch ${input.branchId}, written by \`npm run mosquitto:files\`.`,
    '# Regenerate after registering or revoking a device, then reload Mosquitto (SIGHUP).',
    ...(input.user ? [`user ${input.user}`] : []),
    'per_listener_settings false',
    ...listeners,
    'allow_anonymous false',
    `password_file ${input.files.passwd}`,
    `acl_file ${input.files.acl}`,
    '',
    "# The hub's session (fixed client id, clean: false) and the events queued for it survive a",
    '# broker restart; the in-memory store is also saved every minute.',
    'persistence true',
    `persistence_location ${input.outDir}${path.sep}`,
    'autosave_interval 60',
    '',
    '# Every QoS 1 event waits in the queue of the hub\'s session while the hub is down or catching',
    '# up. The default (1000 per client) silently drops the rest ("Outgoing messages are being',
    '# dropped"); an edge\'s PUBACK only means the broker has the event. A million queued events',
    '# (~0.5 GB) is about a day of a busy branch. No persistent_client_expiration: the hub\'s',
    '# session never expires.',
    'max_queued_messages 1000000',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'hub-user': { type: 'string', default: 'tp-hub' },
      port: { type: 'string', default: '1883' },
      user: { type: 'string' },
      'new-hub-password': { type: 'boolean', default: false },
      'hq-url': { type: 'string' },
      'hq-user': { type: 'string' },
      'hq-password': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-port': { type: 'string', default: '8883' },
    },
  });
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new Error('--tls-cert and --tls-key go together');
  if (!values.out) throw new Error('usage: npm run mosquitto:files -- --out DIR [--hub-user tp-hub] [--port 1883] [--user NAME] [--new-hub-password]');
  const config = loadHubConfig();
  const result = await writeMosquittoFiles({
    outDir: values.out,
    dataDir: config.DATA_DIR,
    branchConfigFile: config.TP_BRANCH_CONFIG,
    hubUser: values['hub-user'],
    port: Number(values.port),
    user: values.user,
    newHubPassword: values['new-hub-password'],
    hq: values['hq-url'] ? { url: values['hq-url'], username: values['hq-user'], password: values['hq-password'] } : undefined,
    tls: values['tls-cert'] && values['tls-key'] ? { certFile: values['tls-cert'], keyFile: values['tls-key'], port: Number(values['tls-port']) } : undefined,
  });
  const lines = [
    `Wrote Mosquitto files for branch ${result.branchId} (${result.devices} devices) to ${path.dirname(result.files.conf)}:`,
    `  ${result.files.conf}`,
    `  ${result.files.passwd}`,
    `  ${result.files.acl}`,
    result.hubPasswordIsNew
      ? `Hub user ${result.hubUser}, password (shown once, also in ${result.files.hubPassword}):\n  ${result.hubPassword}`
      : `Hub user ${result.hubUser}, password kept from ${result.files.hubPassword}`,
    `Run: mosquitto -c ${result.files.conf}`,
    values['tls-cert']
      ? `Hub: MQTT_URL=mqtts://<broker>:${values['tls-port']} MQTT_CA=<the CA of ${values['tls-cert']}> MQTT_USERNAME=${result.hubUser} MQTT_PASSWORD=$(cat ${result.files.hubPassword}) npm start`
      : `Hub: MQTT_URL=mqtt://<broker>:${values.port} MQTT_USERNAME=${result.hubUser} MQTT_PASSWORD=$(cat ${result.files.hubPassword}) npm start`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
