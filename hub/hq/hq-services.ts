/**
 * The HQ part of a hub (HUB_ROLE hq or branch+hq): the summary store, the intake every summary
 * goes through, and the uplinks that let a branch publish to HQ's embedded broker.
 */
import type { AuditLog } from '../audit.ts';
import type { Db } from '../db/database.ts';
import type { HqApiDeps } from '../api/routes/hq-uplinks.ts';
import type { Logger } from '../logger.ts';
import { SummaryIntake } from './summary-intake.ts';
import { SummaryStore } from './summary-store.ts';
import { UplinkRegistry } from './uplink-registry.ts';

export class HqServices {
  readonly store: SummaryStore;
  readonly intake: SummaryIntake;
  readonly uplinks: UplinkRegistry;

  constructor(private readonly deps: { db: Db; log: Logger; now?: () => number }) {
    this.store = new SummaryStore(deps.db);
    this.intake = new SummaryIntake({ db: deps.db, store: this.store, log: deps.log });
    this.uplinks = new UplinkRegistry(deps.db);
  }

  async start(): Promise<void> {
    await this.uplinks.start();
  }

  apiDeps(audit: AuditLog, brokerUrl: HqApiDeps['brokerUrl']): HqApiDeps {
    return { db: this.deps.db, now: this.deps.now ?? Date.now, uplinks: this.uplinks, audit, brokerUrl };
  }
}
