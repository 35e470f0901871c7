/**
 * Uplinks: credentials HQ issues to one branch, with which that branch's hub (HQ_MQTT_URL) or its
 * broker's bridge publishes summaries to HQ's embedded broker, only under `tp/v1/{branchId}/hub/`.
 * Issuing again replaces the password (the old one stops working at once). Only digests are kept.
 */
import { digest, newSecret, sameDigest } from '../auth/secrets.ts';
import type { Db } from '../db/database.ts';
import { TOPIC_ROOT } from '../../protocol/topics.ts';

export interface UplinkPrincipal {
  kind: 'uplink';
  branchId: string;
  username: string;
  topicPrefix: string;
}

export class UplinkRegistry {
  #byUsername = new Map<string, { principal: UplinkPrincipal; passwordHash: string }>();

  constructor(private readonly db: Db) {}

  static usernameFor(branchId: string): string {
    return `hq-uplink.${branchId}`;
  }

  async start(): Promise<void> {
    this.#byUsername.clear();
    for (const uplink of await this.db.hqUplink.findMany()) this.#index(uplink.branchId, uplink.passwordHash);
  }

  /** New credentials for a branch; shown once. */
  async issue(branchId: string): Promise<{ username: string; password: string }> {
    const username = UplinkRegistry.usernameFor(branchId);
    const password = newSecret();
    const passwordHash = digest(password);
    await this.db.hqUplink.upsert({ where: { branchId }, create: { branchId, username, passwordHash }, update: { passwordHash, createdAt: new Date(), lastSeenAt: null } });
    this.#index(branchId, passwordHash);
    return { username, password };
  }

  authenticate(username: string | undefined, password: string | undefined): UplinkPrincipal | null {
    if (!username || !password) return null;
    const indexed = this.#byUsername.get(username);
    return indexed && sameDigest(password, indexed.passwordHash) ? indexed.principal : null;
  }

  isActive(username: string): boolean {
    return this.#byUsername.has(username);
  }

  async touch(branchId: string): Promise<void> {
    await this.db.hqUplink.update({ where: { branchId }, data: { lastSeenAt: new Date() } });
  }

  #index(branchId: string, passwordHash: string): void {
    const username = UplinkRegistry.usernameFor(branchId);
    this.#byUsername.set(username, { passwordHash, principal: { kind: 'uplink', branchId, username, topicPrefix: `${TOPIC_ROOT}/${branchId}/hub/` } });
  }
}
