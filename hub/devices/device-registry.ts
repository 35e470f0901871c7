/**
 * Edge nodes and kiosks, and their credentials. A device's secret is shown once, when it is
 * registered; the hub keeps only digests, in the database and in this in-memory index that
 * every MQTT CONNECT and device API call is checked against.
 */
import { sourcePrefix, type SourceKind } from '../../protocol/topics.ts';
import type { EventBus } from '../bus.ts';
import type { Db } from '../db/database.ts';
import { digest, mosquittoPasswordHash, newSecret, sameDigest } from '../auth/secrets.ts';

export type DeviceKind = Extract<SourceKind, 'edge' | 'kiosk'>;

export interface DevicePrincipal {
  deviceId: string;
  branchId: string;
  kind: DeviceKind;
  sourceId: string;
  username: string;
  /** The only topic prefix it may publish or subscribe under. */
  topicPrefix: string;
}

export interface DeviceSummary {
  id: string;
  kind: DeviceKind;
  sourceId: string;
  name: string;
  mqttUsername: string;
  createdAt: Date;
  lastSeenAt: Date | null;
}

export class DeviceConflictError extends Error {}

interface IndexedDevice {
  principal: DevicePrincipal;
  secretHash: string;
}

export class DeviceRegistry {
  #byUsername = new Map<string, IndexedDevice>();
  #byDigest = new Map<string, IndexedDevice>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    readonly branchId: string,
  ) {}

  async start(): Promise<void> {
    await this.#reload();
  }

  async #reload(): Promise<void> {
    const devices = await this.db.device.findMany({ where: { branchId: this.branchId, revokedAt: null } });
    this.#byUsername.clear();
    this.#byDigest.clear();
    for (const device of devices) {
      const indexed: IndexedDevice = {
        secretHash: device.secretHash,
        principal: {
          deviceId: device.id,
          branchId: device.branchId,
          kind: device.kind as DeviceKind,
          sourceId: device.sourceId,
          username: device.mqttUsername,
          topicPrefix: sourcePrefix(device.branchId, device.kind as DeviceKind, device.sourceId),
        },
      };
      this.#byUsername.set(device.mqttUsername, indexed);
      this.#byDigest.set(device.secretHash, indexed);
    }
  }

  static usernameFor(branchId: string, kind: DeviceKind, sourceId: string): string {
    return `${branchId}.${kind}.${sourceId}`;
  }

  /** Registers a device (or re-registers a revoked one) and returns its secret, once. */
  async register(input: { kind: DeviceKind; sourceId: string; name: string }): Promise<{ device: DeviceSummary; username: string; password: string }> {
    const username = DeviceRegistry.usernameFor(this.branchId, input.kind, input.sourceId);
    const existing = await this.db.device.findUnique({ where: { mqttUsername: username } });
    if (existing && !existing.revokedAt) {
      throw new DeviceConflictError(`${input.kind} ${input.sourceId} is already registered; revoke it first to issue new credentials`);
    }
    const password = newSecret();
    const data = { name: input.name, secretHash: digest(password), mosquittoHash: mosquittoPasswordHash(password), revokedAt: null, lastSeenAt: null };
    const device = existing
      ? await this.db.device.update({ where: { id: existing.id }, data: { ...data, createdAt: new Date() } })
      : await this.db.device.create({ data: { ...data, branchId: this.branchId, kind: input.kind, sourceId: input.sourceId, mqttUsername: username } });
    await this.#reload();
    this.bus.emit('config.changed', { entity: 'device' });
    return { device: summarize(device), username, password };
  }

  async revoke(id: string): Promise<boolean> {
    const { count } = await this.db.device.updateMany({ where: { id, branchId: this.branchId, revokedAt: null }, data: { revokedAt: new Date() } });
    await this.#reload();
    if (count > 0) this.bus.emit('config.changed', { entity: 'device' });
    return count > 0;
  }

  async list(): Promise<DeviceSummary[]> {
    const devices = await this.db.device.findMany({ where: { branchId: this.branchId, revokedAt: null }, orderBy: { mqttUsername: 'asc' } });
    return devices.map(summarize);
  }

  /** MQTT CONNECT: username + password. */
  authenticate(username: string | undefined, password: string | undefined): DevicePrincipal | null {
    if (!username || !password) return null;
    const indexed = this.#byUsername.get(username);
    return indexed && sameDigest(password, indexed.secretHash) ? indexed.principal : null;
  }

  /** Whether a username still belongs to an active device (revocation ends its connections). */
  isActive(username: string): boolean {
    return this.#byUsername.has(username);
  }

  /** API call: the secret as a bearer token. */
  byToken(token: string): DevicePrincipal | null {
    return this.#byDigest.get(digest(token))?.principal ?? null;
  }

  /** Lines for Mosquitto's password file and ACL file, for running with an external broker. */
  async mosquittoFiles(hub: { username: string; passwordHash: string }): Promise<{ passwd: string; acl: string }> {
    const devices = await this.db.device.findMany({ where: { branchId: this.branchId, revokedAt: null }, orderBy: { mqttUsername: 'asc' } });
    const passwd = [`${hub.username}:${hub.passwordHash}`, ...devices.map((d) => `${d.mqttUsername}:${d.mosquittoHash}`)];
    const acl = [
      `user ${hub.username}`,
      `topic read tp/v1/${this.branchId}/#`,
      `topic write tp/v1/${this.branchId}/hub/#`,
      '',
      ...devices.flatMap((d) => [`user ${d.mqttUsername}`, `topic readwrite ${sourcePrefix(d.branchId, d.kind as DeviceKind, d.sourceId)}#`, '']),
    ];
    return { passwd: passwd.join('\n') + '\n', acl: acl.join('\n') };
  }

  async touch(deviceId: string): Promise<void> {
    await this.db.device.update({ where: { id: deviceId }, data: { lastSeenAt: new Date() } });
  }
}

function summarize(device: { id: string; kind: string; sourceId: string; name: string; mqttUsername: string; createdAt: Date; lastSeenAt: Date | null }): DeviceSummary {
  return {
    id: device.id,
    kind: device.kind as DeviceKind,
    sourceId: device.sourceId,
    name: device.name,
    mqttUsername: device.mqttUsername,
    createdAt: device.createdAt,
    lastSeenAt: device.lastSeenAt,
  };
}
