/**
 * For dispatch tests: the demo branch in a real SQLite database, a clock the test moves, and
 * alerts kept by a small stand-in with the alert service's API (stored rows, bus events), so a
 * test can open, auto-close and inspect alerts without the rules.
 */
import path from 'node:path';
import type { AlertInput, ResolvedBy } from '../alerts/alert-service.ts';
import { loadBranchConfig } from '../branch/branch-config.ts';
import { BranchDirectory } from '../branch/directory.ts';
import { seedBranch } from '../branch/seed.ts';
import { EventBus, type AlertState } from '../bus.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { DispatchService } from './dispatch-service.ts';
import type { DispatchChange } from './types.ts';

const log = createLogger('silent');

export class StandInAlerts {
  #states = new Map<string, AlertState>();
  readonly raised: AlertInput[] = [];

  constructor(private readonly db: Db, private readonly bus: EventBus, private readonly now: () => number) {}

  async load(): Promise<void> {
    for (const row of await this.db.alert.findMany({ where: { status: { not: 'resolved' } } })) this.#states.set(row.id, this.#state(row));
  }

  open(): AlertState[] {
    return [...this.#states.values()].filter((alert) => alert.status !== 'resolved');
  }

  async get(id: string): Promise<AlertState | null> {
    return this.#states.get(id) ?? null;
  }

  /** Opens an alert as the rules would. */
  async openAlert(kind: string, zoneId: string, skills: string[] = []): Promise<AlertState> {
    const at = new Date(this.now());
    const row = await this.db.alert.create({
      data: { branchId: 'b001', kind, severity: 'medium', zoneId, status: 'open', dedupKey: `${kind}:${zoneId}:${at.getTime()}`, needsPerson: true, ruleId: `distress.${kind}`, reason: JSON.stringify({ en: 'Help needed', zh: '需要帮助' }), openedAt: at, updatedAt: at },
    });
    return this.#emit({ ...this.#state(row), skills });
  }

  async resolve(id: string, how: { by: ResolvedBy; outcome?: string | null }): Promise<AlertState | null> {
    const alert = this.#states.get(id);
    if (!alert || alert.status === 'resolved') return null;
    await this.db.alert.update({ where: { id }, data: { status: 'resolved', resolvedBy: how.by, outcome: how.outcome ?? null } });
    return this.#emit({ ...alert, status: 'resolved', resolvedBy: how.by, outcome: how.outcome ?? null });
  }

  async raise(input: AlertInput): Promise<AlertState | null> {
    this.raised.push(input);
    const alert = this.open().find((candidate) => candidate.kind === input.kind && candidate.zoneId === input.zoneId);
    return alert ? this.#emit({ ...alert, severity: input.severity }) : null;
  }

  #emit(alert: AlertState): AlertState {
    this.#states.set(alert.id, alert);
    this.bus.emit('state.alert', alert);
    return alert;
  }

  #state(row: Awaited<ReturnType<Db['alert']['create']>>): AlertState {
    return {
      id: row.id, kind: row.kind, severity: row.severity, zoneId: row.zoneId, sourceId: row.sourceId, status: row.status as AlertState['status'],
      openedAt: row.openedAt.toISOString(), updatedAt: row.updatedAt.toISOString(), ruleId: row.ruleId, needsPerson: row.needsPerson,
      reason: { en: 'Help needed', zh: '需要帮助' }, suggestion: null, resolvedBy: null, outcome: null, skills: [],
    };
  }
}

export interface DispatchKit {
  db: Db;
  bus: EventBus;
  alerts: StandInAlerts;
  dispatch: DispatchService;
  changes: DispatchChange[];
  /** Moves the test clock forward. */
  advance(seconds: number): void;
  close(): Promise<void>;
}

/** A started dispatch service on `dataDir` (the demo branch is seeded into an empty database). */
export async function startDispatchKit(dataDir: string, clock: { t: number }): Promise<DispatchKit> {
  const { db } = await openDatabase({ dataDir, synchronous: 'normal' });
  await seedBranch(db, loadBranchConfig(path.resolve(import.meta.dirname, '../branch/demo-branch.json')), log);
  const bus = new EventBus(log);
  const now = () => clock.t;
  const directory = new BranchDirectory(db, bus, 'b001');
  await directory.start();
  const alerts = new StandInAlerts(db, bus, now);
  await alerts.load();
  const dispatch = new DispatchService({ db, bus, branchId: 'b001', alerts, directory, log, now, offerTimeoutS: () => 60 });
  const changes: DispatchChange[] = [];
  bus.on('dispatch.changed', (change) => void changes.push(change));
  await dispatch.start();
  return {
    db, bus, alerts, dispatch, changes,
    advance: (seconds) => void (clock.t += seconds * 1000),
    async close() {
      await dispatch.stop();
      directory.stop();
      await db.$disconnect();
    },
  };
}
