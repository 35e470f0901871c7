/** Hub settings from the environment, validated once at start-up; every error reported at once. */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalText = z.string().trim().min(1).optional().catch(undefined);

export const HUB_ROLES = ['branch', 'hq', 'branch+hq'] as const;
export type HubRole = (typeof HUB_ROLES)[number];

export const hubConfigSchema = z.object({
  HUB_ROLE: z.enum(HUB_ROLES).default('branch+hq').describe('branch: one branch; hq: HQ reports only; branch+hq: both in one process (the demo)'),
  PORT: port.default(8080).describe('HTTP port: API, UIs, socket.io, MQTT over WebSocket at /mqtt'),
  HOST: z.string().default('0.0.0.0').describe('address to listen on'),
  MQTT_PORT: port.default(1883).describe('TCP port of the embedded MQTT broker'),
  MQTT_URL: optionalText.describe('external broker, mqtt://host:port or mqtts://host:port; when set, no broker is embedded'),
  MQTT_USERNAME: optionalText.describe("the hub's own user on the external broker"),
  MQTT_PASSWORD: optionalText.describe("the hub's own password on the external broker"),
  MQTT_CLIENT_ID: z.string().default('tp-hub').describe('fixed client id: the persistent session that keeps events while the hub is down'),
  MQTT_CA: optionalText.describe('PEM file: the CA certificates trusted for MQTT_URL with mqtts:// (e.g. the branch\'s own CA); the system\'s CAs otherwise'),
  TP_TLS_CERT: optionalText.describe('PEM file: the hub\'s certificate (may include the chain). With TP_TLS_KEY: HTTPS on PORT, MQTT over TLS on MQTTS_PORT, plain MQTT on 127.0.0.1 only'),
  TP_TLS_KEY: optionalText.describe('PEM file: the private key of TP_TLS_CERT'),
  TP_TLS_CA: optionalText.describe('PEM file: intermediate CA certificates sent along with TP_TLS_CERT'),
  MQTTS_PORT: port.default(8883).describe('TCP port of the embedded broker\'s MQTT over TLS (with TP_TLS_CERT)'),
  DATA_DIR: z.string().default('./data').describe('where the SQLite database lives'),
  TP_ADMIN_TOKEN: optionalText.describe('accepted as an admin bearer token (bootstrap and automation)'),
  TP_BRANCH_CONFIG: z.string().default(path.resolve(import.meta.dirname, 'branch/demo-branch.json')).describe('branch config file that seeds an empty database'),
  TP_DB_SYNC: z.enum(['normal', 'full']).default('normal').describe('normal survives a killed hub; full also survives power loss'),
  TP_DEMO_EDGE: z.enum(['0', '1']).default('1').transform((v) => v === '1').describe('npm start also runs a demo edge node on the sample clip (embedded broker only)'),
  TP_HQ_CONFIG: z.string().default(path.resolve(import.meta.dirname, 'hq/demo-hq.json')).describe('HQ users that seed an HQ-only database (HUB_ROLE=hq)'),
  HQ_MQTT_URL: optionalText.describe("HQ's broker: when set, this branch hub publishes its summaries straight there instead of to its own broker"),
  HQ_MQTT_USERNAME: optionalText.describe('the uplink user HQ issued for this branch (POST /api/v1/hq/uplinks)'),
  HQ_MQTT_PASSWORD: optionalText.describe('the uplink password HQ issued for this branch'),
  HQ_MQTT_CA: optionalText.describe('PEM file: the CA certificates trusted for HQ_MQTT_URL with mqtts://; the system\'s CAs otherwise'),
  TP_HQ_LIVE_MIN: z.coerce.number().min(0).max(60).default(5).describe('also send the hour in progress to HQ every N minutes, so HQ sees today before the hour ends (0: final hours only)'),
  TP_DEMO_HQ: z.enum(['0', '1']).default('1').transform((v) => v === '1').describe('npm start (branch+hq) fills HQ with simulated branches on its first start, in the background'),
  TP_SESSION_HOURS: z.coerce.number().positive().default(12).describe('how long a login lasts'),
  TP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90).describe('raw records (events, tickets, feedback, alerts, dead letters) are deleted after this many days; hourly aggregates are kept'),
  TP_RETENTION_FREE_TEXT_DAYS: z.coerce.number().int().min(1).max(3650).default(30).describe('free text (feedback comments, alert outcomes, dead-letter payloads) is cleared after this many days (at most TP_RETENTION_DAYS)'),
  TP_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365).describe('the audit log (logins, exports, configuration changes, dispatch overrides) is deleted after this many days'),
  TP_TRUST_PROXY: optionalText.describe("the reverse proxy in front of the hub (comma-separated addresses or CIDRs, e.g. 127.0.0.1): a request from it is taken to come from the address in its X-Forwarded-For, for rate limits, login throttling and the audit log; unset: the header is ignored"),
  TP_PUBLIC_WRITES_PER_MIN: z.coerce.number().int().min(0).default(30).describe('public writes (tickets, appointments, feedback) per client address and minute; 0: no limit (hub/queue/README.md)'),
  TP_PUBLIC_READS_PER_MIN: z.coerce.number().int().min(0).default(300).describe('public reads (services, board, ticket by code, slots, kiosk settings, self-help) per client address and minute; 0: no limit'),
});

export type HubConfig = z.infer<typeof hubConfigSchema>;

export function loadHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const result = hubConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid hub configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
