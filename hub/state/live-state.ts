/**
 * The branch right now: the queue in each zone and whether each edge node is online. Built from
 * the log at start, then kept up to date from the bus; every change is emitted for realtime.
 */
import type { EventData } from '../../protocol/events.ts';
import type { EventBus, NodeState, StoredEvent } from '../bus.ts';
import type { Db } from '../db/database.ts';
import type { BranchDirectory } from '../branch/directory.ts';

export interface ZoneState {
  zoneId: string;
  count: number | null;
  waitEstimateS: number | null;
  confidence: number | null;
  updatedAt: string | null;
  sourceId: string | null;
}

export class LiveState {
  #zones = new Map<string, ZoneState>();
  #nodes = new Map<string, NodeState>();
  #unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: { db: Db; bus: EventBus; directory: BranchDirectory }) {}

  async start(): Promise<void> {
    const { db, bus, directory } = this.deps;
    // Latest queue observation per zone and latest status per source, straight from the log.
    const queues = await db.$queryRawUnsafe<{ id: string; sourceKind: string; sourceId: string; data: string; receivedAt: string; time: string }[]>(
      `SELECT e.id, e.sourceKind, e.sourceId, e.data, e.receivedAt, e.time FROM "Event" e
       JOIN (SELECT zoneId, MAX(time) AS t FROM "Event" WHERE type = 'tp.queue.observed' AND branchId = ? GROUP BY zoneId) last
         ON e.zoneId = last.zoneId AND e.time = last.t AND e.type = 'tp.queue.observed'`,
      directory.branchId,
    );
    for (const row of queues) this.#applyQueue(row.sourceId, JSON.parse(row.data), new Date(row.time));
    const statuses = await db.$queryRawUnsafe<{ sourceKind: string; sourceId: string; data: string; receivedAt: string }[]>(
      `SELECT e.sourceKind, e.sourceId, e.data, e.receivedAt FROM "Event" e
       JOIN (SELECT sourceKind, sourceId, MAX(receivedAt) AS r FROM "Event" WHERE type = 'tp.edge.status' AND branchId = ? GROUP BY sourceKind, sourceId) last
         ON e.sourceKind = last.sourceKind AND e.sourceId = last.sourceId AND e.receivedAt = last.r AND e.type = 'tp.edge.status'`,
      directory.branchId,
    );
    for (const row of statuses) this.#applyStatus(row.sourceKind, row.sourceId, JSON.parse(row.data), new Date(row.receivedAt));
    this.#unsubscribe = bus.on('events.stored', (events) => this.#onStored(events));
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  zones(): ZoneState[] {
    return this.deps.directory.zones().filter((zone) => zone.kind !== 'staff').map((zone) =>
      this.#zones.get(zone.id) ?? { zoneId: zone.id, count: null, waitEstimateS: null, confidence: null, updatedAt: null, sourceId: null },
    );
  }

  nodes(): NodeState[] {
    return [...this.#nodes.values()].sort((a, b) => a.sourceId.localeCompare(b.sourceId));
  }

  #onStored(events: StoredEvent[]): void {
    for (const { event, topic, receivedAt, clockSkewS } of events) {
      if (event.type === 'tp.queue.observed') {
        const zone = this.#applyQueue(topic.sourceId, event.data as EventData<'tp.queue.observed'>, new Date(event.time));
        if (zone) this.deps.bus.emit('state.zone', { ...zone, count: zone.count ?? 0, confidence: zone.confidence ?? 0, updatedAt: zone.updatedAt! });
      }
      if (event.type === 'tp.edge.status') {
        const node = this.#applyStatus(topic.sourceKind, topic.sourceId, event.data as EventData<'tp.edge.status'>, receivedAt, clockSkewS);
        this.deps.bus.emit('state.node', node);
      } else {
        const node = this.#applyClock(topic.sourceKind, topic.sourceId, clockSkewS);
        if (node) this.deps.bus.emit('state.node', node);
      }
    }
  }

  /** Applies an observation unless a newer one for the zone is already known. */
  #applyQueue(sourceId: string, data: EventData<'tp.queue.observed'>, time: Date): ZoneState | null {
    const current = this.#zones.get(data.zoneId);
    if (current?.updatedAt && Date.parse(current.updatedAt) > time.getTime()) return null;
    const zone: ZoneState = {
      zoneId: data.zoneId,
      count: data.count,
      waitEstimateS: data.waitEstimateS,
      confidence: data.confidence,
      updatedAt: time.toISOString(),
      sourceId,
    };
    this.#zones.set(data.zoneId, zone);
    return zone;
  }

  #applyStatus(sourceKind: string, sourceId: string, data: EventData<'tp.edge.status'>, receivedAt: Date, clockSkewS?: number): NodeState {
    const previous = this.#nodes.get(`${sourceKind}/${sourceId}`);
    // A live status tells the clock's whole story; a last will says nothing about it.
    const skew = clockSkewS === undefined ? previous?.clockSkewS : clockSkewS || undefined;
    const node: NodeState = {
      sourceKind,
      sourceId,
      online: data.online,
      lastSeenAt: receivedAt.toISOString(),
      version: data.version ?? previous?.version,
      backend: data.backend ?? previous?.backend,
      outbox: data.outbox ?? previous?.outbox,
      // The last will carries no camera list: keep the last known one, marked offline.
      cameras: data.cameras ?? (previous?.cameras ?? []).map((camera) => ({ ...camera, state: data.online ? camera.state : 'offline' })),
      ...(skew !== undefined ? { clockSkewS: skew } : {}),
    };
    this.#nodes.set(`${sourceKind}/${sourceId}`, node);
    return node;
  }

  /**
   * Another event of a known node: one stamped ahead marks its clock ahead, one in time clears
   * that (an old time proves nothing: it may come from the outbox). Returns the node if it changed.
   */
  #applyClock(sourceKind: string, sourceId: string, clockSkewS: number | undefined): NodeState | null {
    const key = `${sourceKind}/${sourceId}`;
    const node = this.#nodes.get(key);
    if (!node || clockSkewS === undefined) return null;
    let next: NodeState;
    if (clockSkewS > 0) {
      if (node.clockSkewS !== undefined && Math.abs(node.clockSkewS - clockSkewS) < 60) return null; // no news for the floor
      next = { ...node, clockSkewS };
    } else if ((node.clockSkewS ?? 0) > 0) {
      const { clockSkewS: _cleared, ...rest } = node;
      next = rest;
    } else {
      return null;
    }
    this.#nodes.set(key, next);
    return next;
  }
}
