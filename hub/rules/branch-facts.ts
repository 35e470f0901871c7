/**
 * What the rules need to know about the branch besides live state, kept in memory so the
 * once-a-second evaluation reads no database: zone, service and counter names, which counters are
 * open, and how many tickets wait per service. Refreshed when the queue or the configuration
 * changes (refreshes asked for while one runs coalesce into one more).
 */
import type { EventBus } from '../bus.ts';
import { CoalescedRun } from '../coalesced-run.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { CounterInfo, QueueSnapshot } from '../queue/queue-snapshot.ts';

export interface NamedZone {
  id: string;
  kind: string;
  serviceId: string | null;
  nameEn: string;
  nameZh: string;
}

export interface ServiceFacts {
  id: string;
  nameEn: string;
  nameZh: string;
  waiting: number;
}

export interface BranchFactsView {
  zone(id: string): NamedZone | undefined;
  zones(): NamedZone[];
  service(id: string): ServiceFacts | undefined;
  /** The first closed counter that serves the service, by id: the one to suggest opening. */
  closedCounterFor(serviceId: string): CounterInfo | undefined;
}

export class BranchFacts implements BranchFactsView {
  #zones = new Map<string, NamedZone>();
  #services = new Map<string, ServiceFacts>();
  #counters: CounterInfo[] = [];
  #unsubscribe: (() => void)[] = [];
  readonly #runner = new CoalescedRun(() => this.#load(), (error) => this.deps.log.error({ err: error }, 'reading branch facts for the rules failed'));

  constructor(private readonly deps: { db: Db; bus: EventBus; branchId: string; snapshot: () => Promise<QueueSnapshot>; log: Logger }) {}

  async start(): Promise<void> {
    const { bus } = this.deps;
    const refresh = () => void this.refresh();
    this.#unsubscribe = [bus.on('queue.ticket', refresh), bus.on('queue.counter', refresh), bus.on('config.changed', refresh)];
    await this.refresh();
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    await this.#runner.settled();
  }

  refresh(): Promise<void> {
    return this.#runner.run();
  }

  zone(id: string): NamedZone | undefined {
    return this.#zones.get(id);
  }

  zones(): NamedZone[] {
    return [...this.#zones.values()];
  }

  service(id: string): ServiceFacts | undefined {
    return this.#services.get(id);
  }

  closedCounterFor(serviceId: string): CounterInfo | undefined {
    return closedCounterFor(this.#counters, serviceId);
  }

  async #load(): Promise<void> {
    const [zones, snapshot] = await Promise.all([this.deps.db.zone.findMany({ where: { branchId: this.deps.branchId } }), this.deps.snapshot()]);
    this.#zones = new Map(zones.map((zone) => [zone.id, { id: zone.id, kind: zone.kind, serviceId: zone.serviceId, nameEn: zone.nameEn, nameZh: zone.nameZh }]));
    this.#services = new Map(snapshot.services.map((service) => [service.id, { id: service.id, nameEn: service.nameEn, nameZh: service.nameZh, waiting: snapshot.waitingCount(service.id) }]));
    this.#counters = snapshot.counters;
  }
}

/** The closed counter, lowest number first, that would serve the service if opened. */
export function closedCounterFor(counters: readonly CounterInfo[], serviceId: string): CounterInfo | undefined {
  return counters.filter((counter) => !counter.open && counter.serviceIds.includes(serviceId)).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))[0];
}
