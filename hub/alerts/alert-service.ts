/**
 * Alerts: one per situation. A distress sign opens an alert for its zone and kind (repeats of it
 * raise the severity of the open one rather than opening another), and an edge node that goes
 * offline opens one that closes by itself when the node is back. Open → acknowledged → resolved.
 * Configurable thresholds and dispatch build on this (see hub/README.md).
 */
import type { EventData } from '../../protocol/events.ts';
import type { AlertState, EventBus, StoredEvent } from '../bus.ts';
import type { Db } from '../db/database.ts';

const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;
export type Severity = keyof typeof SEVERITY_RANK;
type AlertRow = Awaited<ReturnType<Db['alert']['create']>>;

export class AlertService {
  #open = new Map<string, AlertRow>();
  #unsubscribe: (() => void) | null = null;
  #work: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { db: Db; bus: EventBus; branchId: string }) {}

  async start(): Promise<void> {
    const rows = await this.deps.db.alert.findMany({ where: { branchId: this.deps.branchId, status: { in: ['open', 'acknowledged'] } } });
    this.#open = new Map(rows.map((row) => [row.dedupKey, row]));
    // Serialised, so two events about one situation cannot open two alerts.
    this.#unsubscribe = this.deps.bus.on('events.stored', (events) => this.#serial(() => this.#onEvents(events)));
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#work;
  }

  open(): AlertState[] {
    return [...this.#open.values()].sort((a, b) => SEVERITY_RANK[b.severity as Severity] - SEVERITY_RANK[a.severity as Severity] || a.openedAt.getTime() - b.openedAt.getTime()).map(toState);
  }

  async acknowledge(id: string): Promise<AlertState | null> {
    const row = [...this.#open.values()].find((alert) => alert.id === id);
    if (!row || row.status !== 'open') return row ? toState(row) : null;
    return this.#save(await this.deps.db.alert.update({ where: { id }, data: { status: 'acknowledged', acknowledgedAt: new Date() } }));
  }

  async resolve(id: string): Promise<AlertState | null> {
    const row = [...this.#open.values()].find((alert) => alert.id === id);
    if (!row) return null;
    return this.#save(await this.deps.db.alert.update({ where: { id }, data: { status: 'resolved', resolvedAt: new Date() } }));
  }

  /**
   * A service's predicted wait passed its target (hub/queue): opens one `wait-breach` alert per
   * service, raises its severity, or (breach null) resolves it when the wait is back under target.
   */
  waitBreach(serviceId: string, breach: { severity: Severity; zoneId: string | null } | null): Promise<void> {
    const key = `wait-breach:${serviceId}`;
    return this.#serial(async () => {
      if (breach) return this.#raise(key, { kind: 'wait-breach', severity: breach.severity, zoneId: breach.zoneId, sourceId: serviceId, openedEventId: null });
      const open = this.#open.get(key);
      if (open) await this.resolve(open.id);
    });
  }

  /** Runs after everything queued before it; a failure is the caller's, it never blocks later work. */
  #serial(task: () => Promise<void>): Promise<void> {
    const run = this.#work.then(task);
    this.#work = run.catch(() => undefined);
    return run;
  }

  async #onEvents(events: StoredEvent[]): Promise<void> {
    for (const { event, topic } of events) {
      if (event.type === 'tp.distress.detected') {
        const data = event.data as EventData<'tp.distress.detected'>;
        await this.#raise(`distress:${data.zoneId}:${data.kind}`, { kind: data.kind, severity: data.severity, zoneId: data.zoneId, sourceId: topic.sourceId, openedEventId: event.id });
      } else if (event.type === 'tp.edge.status') {
        const key = `offline:${topic.sourceKind}:${topic.sourceId}`;
        const data = event.data as EventData<'tp.edge.status'>;
        if (!data.online) await this.#raise(key, { kind: `${topic.sourceKind}-offline`, severity: 'medium', zoneId: null, sourceId: topic.sourceId, openedEventId: event.id });
        else {
          const open = this.#open.get(key);
          if (open) await this.resolve(open.id);
        }
      }
    }
  }

  async #raise(dedupKey: string, alert: { kind: string; severity: Severity; zoneId: string | null; sourceId: string; openedEventId: string | null }): Promise<void> {
    const open = this.#open.get(dedupKey);
    if (open) {
      if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[open.severity as Severity]) {
        this.#save(await this.deps.db.alert.update({ where: { id: open.id }, data: { severity: alert.severity } }));
      }
      return;
    }
    this.#save(await this.deps.db.alert.create({ data: { ...alert, branchId: this.deps.branchId, status: 'open', dedupKey } }));
  }

  #save(row: AlertRow): AlertState {
    if (row.status === 'resolved') this.#open.delete(row.dedupKey);
    else this.#open.set(row.dedupKey, row);
    const state = toState(row);
    this.deps.bus.emit('state.alert', state);
    return state;
  }
}

function toState(row: AlertRow): AlertState {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    zoneId: row.zoneId,
    sourceId: row.sourceId,
    status: row.status as AlertState['status'],
    openedAt: row.openedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
