/**
 * What ingest needs to know about the branch, kept in memory: its id and its zones.
 * Reloaded when the configuration changes through the API.
 */
import type { EventBus } from '../bus.ts';
import type { Db } from '../db/database.ts';

export interface ZoneInfo {
  id: string;
  kind: string;
  serviceId: string | null;
  /** Expression analysis is announced for this zone. */
  expressions: boolean;
}

export class BranchDirectory {
  #zones = new Map<string, ZoneInfo>();
  #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    readonly branchId: string,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.#unsubscribe = this.bus.on('config.changed', async ({ entity }) => {
      if (entity === 'zone' || entity === 'branch') await this.reload();
    });
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  async reload(): Promise<void> {
    const zones = await this.db.zone.findMany({ where: { branchId: this.branchId } });
    this.#zones = new Map(zones.map((zone) => [zone.id, { id: zone.id, kind: zone.kind, serviceId: zone.serviceId, expressions: zone.expressions }]));
  }

  zone(id: string): ZoneInfo | undefined {
    return this.#zones.get(id);
  }

  zones(): ZoneInfo[] {
    return [...this.#zones.values()];
  }
}
