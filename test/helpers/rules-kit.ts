/**
 * The rules and alerts on a real SQLite database, with a clock that moves only when told and the
 * branch (zones, services, counters, waiting tickets) and live state (camera counts, nodes) set
 * by the test. Ticks run when the test says, never on a timer.
 */
import { readFileSync } from 'node:fs';
import { AlertService } from '../../hub/alerts/alert-service.ts';
import { EventBus, type AlertState, type NodeState, type StoredEvent } from '../../hub/bus.ts';
import { openDatabase, type Db } from '../../hub/db/database.ts';
import { FeedbackService } from '../../hub/feedback/feedback-service.ts';
import { createLogger } from '../../hub/logger.ts';
import type { CounterInfo } from '../../hub/queue/queue-snapshot.ts';
import { closedCounterFor, type BranchFactsView, type NamedZone, type ServiceFacts } from '../../hub/rules/branch-facts.ts';
import { RuleStore } from '../../hub/rules/rule-store.ts';
import { RulesEngine } from '../../hub/rules/rules-engine.ts';
import type { ZoneState } from '../../hub/state/live-state.ts';
import { createEvent } from '../../protocol/envelope.ts';
import type { EventData, EventType } from '../../protocol/events.ts';
import { parseTopic } from '../../protocol/topics.ts';
import { tempDir } from './temp-dir.ts';

const demo = JSON.parse(readFileSync(new URL('../../hub/branch/demo-branch.json', import.meta.url), 'utf8'));

/** The demo branch as the rules see it; counters and waiting counts are the test's to change. */
export class DemoFacts implements BranchFactsView {
  readonly counters: CounterInfo[] = demo.counters.map((counter: CounterInfo) => ({ ...counter }));
  readonly waiting = new Map<string, number>();
  readonly #zones: NamedZone[] = demo.zones.map((zone: NamedZone) => ({ ...zone, serviceId: zone.serviceId ?? null }));
  zone = (id: string) => this.#zones.find((zone) => zone.id === id);
  zones = () => this.#zones;
  service = (id: string): ServiceFacts | undefined => {
    const service = demo.services.find((candidate: { id: string }) => candidate.id === id);
    return service && { id, nameEn: service.nameEn, nameZh: service.nameZh, waiting: this.waiting.get(id) ?? 0 };
  };
  closedCounterFor = (serviceId: string) => closedCounterFor(this.counters, serviceId);
  setOpen(counterId: string, open: boolean): void {
    this.counters.find((counter) => counter.id === counterId)!.open = open;
  }
  start = async () => undefined;
  stop = async () => undefined;
}

export interface RulesKit {
  db: Db;
  bus: EventBus;
  alerts: AlertService;
  store: RuleStore;
  engine: RulesEngine;
  facts: DemoFacts;
  live: { zones: ZoneState[]; nodes: NodeState[] };
  /** Every `state.alert` the bus carried, in order. */
  emitted: AlertState[];
  now(): number;
  /** Evaluates the rules now, then moves the clock a second at a time, evaluating after each. */
  advance(seconds: number): Promise<void>;
  /** Moves the clock without evaluating, as an NTP step does (negative: back). */
  jump(seconds: number): void;
  /** The camera in a zone counts this many people now. */
  see(zoneId: string, count: number): void;
  /** Hands an event to the rules as if ingest had stored it. */
  receive(type: EventType, sourceId: string, data: EventData<EventType>, sourceKind?: 'edge' | 'kiosk'): Promise<void>;
  /** Stops the rules and alerts and starts new ones on the same database, as a hub restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function rulesKit(): Promise<RulesKit> {
  const dir = tempDir();
  const { db } = await openDatabase({ dataDir: dir.path, synchronous: 'normal' });
  const log = createLogger('silent');
  const bus = new EventBus(log);
  let clock = Date.parse('2026-03-02T02:00:00Z');
  const now = () => clock;
  const facts = new DemoFacts();
  const feedback = new FeedbackService({ db, bus, branchId: 'b001' });
  const live = { zones: [] as ZoneState[], nodes: [] as NodeState[] };
  const emitted: AlertState[] = [];
  bus.on('state.alert', (alert) => void emitted.push(alert));

  const boot = async () => {
    const store = new RuleStore({ db, branchId: 'b001', log });
    const alerts = new AlertService({ db, bus, branchId: 'b001', skillsFor: (alert) => store.skillsFor(alert), now });
    const engine = new RulesEngine({ bus, alerts, store, facts, state: { zones: () => live.zones, nodes: () => live.nodes }, feedback, log, now, tickMs: 3_600_000, cameraMaxAgeMs: 120_000 });
    await store.start();
    await alerts.start();
    await engine.start();
    return { store, alerts, engine };
  };

  const kit: RulesKit = {
    db, bus, facts, live, emitted, now,
    ...(await boot()),
    async advance(seconds) {
      // The rules first see what the test just set at the current time, then each second passes.
      await kit.engine.tick();
      for (let second = 0; second < seconds; second += 1) {
        clock += 1000;
        // A camera keeps reporting what it sees, so its counts stay recent.
        live.zones = live.zones.map((zone) => ({ ...zone, updatedAt: new Date(clock).toISOString() }));
        await kit.engine.tick();
      }
    },
    jump(seconds) {
      clock += seconds * 1000;
    },
    see(zoneId, count) {
      const zone: ZoneState = { zoneId, count, waitEstimateS: null, confidence: 0.9, updatedAt: new Date(clock).toISOString(), sourceId: 'cam-1' };
      live.zones = [...live.zones.filter((candidate) => candidate.zoneId !== zoneId), zone];
    },
    async receive(type, sourceId, data, sourceKind = 'edge') {
      const parsed = parseTopic(`tp/v1/b001/${sourceKind}/${sourceId}/${type === 'tp.edge.status' ? 'status' : 'distress'}`);
      if (!parsed.ok) throw new Error(parsed.error);
      const event = createEvent(type, { branchId: 'b001', sourceKind, sourceId }, data, { time: new Date(clock) });
      const stored: StoredEvent = { event, topic: parsed.parts, receivedAt: new Date(clock) };
      bus.emit('events.stored', [stored]);
      await kit.engine.settled();
    },
    async restart() {
      await kit.engine.stop();
      await kit.alerts.stop();
      Object.assign(kit, await boot());
    },
    async close() {
      await kit.engine.stop();
      await kit.alerts.stop();
      await db.$disconnect();
      dir.remove();
    },
  };
  return kit;
}

/** The one item of a list, failing the test when there is none or more than one. */
export function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one, got ${items.length}: ${JSON.stringify(items)}`);
  return items[0]!;
}
