/**
 * Alerts: one per situation, keyed by the rule that raises it (`dedupKey`). The rules (hub/rules)
 * decide when a situation starts and ends; this service keeps the alerts, writes their story
 * (AlertStep) and tells the bus. Open → acknowledged → resolved, by staff (dispatch), the floor
 * manager, or by itself when its cause clears (`resolvedBy: 'auto'`).
 */
import type { AlertState, BilingualText, EventBus } from '../bus.ts';
import type { Db } from '../db/database.ts';
import { SEVERITY_RANK, type Severity } from '../rules/rule-set.ts';
import { recordAlertStep } from './alert-steps.ts';
import { toAlertState, type AlertRow } from './alert-view.ts';

export type { Severity };
export type ResolvedBy = 'staff' | 'manager' | 'auto';

export interface AlertInput {
  /** One situation: while an alert with this key is open, raising it again only raises severity. */
  dedupKey: string;
  ruleId: string;
  kind: string;
  severity: Severity;
  zoneId: string | null;
  sourceId: string | null;
  needsPerson: boolean;
  reason: BilingualText;
  suggestion: BilingualText | null;
  openedEventId?: string | null;
  /** After an alert with this key closed, the same situation is ignored this long. */
  cooldownS?: number;
}

export interface AlertServiceDeps {
  db: Db;
  bus: EventBus;
  branchId: string;
  /** Skills preferred for an alert, from the rules in force (they are not stored with it). */
  skillsFor: (alert: { ruleId: string | null; zoneId: string | null }) => string[];
  now?: () => number;
}

export class AlertService {
  #open = new Map<string, AlertRow>();
  #work: Promise<void> = Promise.resolve();
  readonly #now: () => number;

  constructor(private readonly deps: AlertServiceDeps) {
    this.#now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    const rows = await this.deps.db.alert.findMany({ where: { branchId: this.deps.branchId, status: { in: ['open', 'acknowledged'] } } });
    this.#open = new Map(rows.map((row) => [row.dedupKey, row]));
  }

  async stop(): Promise<void> {
    await this.#work;
  }

  /** Open and acknowledged alerts, the most severe and then the oldest first. */
  open(): AlertState[] {
    return [...this.#open.values()]
      .sort((a, b) => SEVERITY_RANK[b.severity as Severity] - SEVERITY_RANK[a.severity as Severity] || a.openedAt.getTime() - b.openedAt.getTime())
      .map((row) => this.#state(row));
  }

  isOpen(dedupKey: string): boolean {
    return this.#open.has(dedupKey);
  }

  /** The keys of the situations a rule has open now, so the rule resumes them after a restart. */
  openKeys(ruleId: string): string[] {
    return [...this.#open.values()].filter((row) => row.ruleId === ruleId).map((row) => row.dedupKey);
  }

  async list(status?: AlertState['status'], limit = 200): Promise<AlertState[]> {
    const rows = await this.deps.db.alert.findMany({ where: { branchId: this.deps.branchId, ...(status ? { status } : {}) }, orderBy: { openedAt: 'desc' }, take: limit });
    return rows.map((row) => this.#state(row));
  }

  async get(id: string): Promise<AlertState | null> {
    const row = await this.deps.db.alert.findFirst({ where: { id, branchId: this.deps.branchId } });
    return row ? this.#state(row) : null;
  }

  /**
   * Opens the alert for a situation, or raises the severity of the one already open for it.
   * Returns null when nothing changed (same or lower severity, or within the cool-down).
   */
  raise(input: AlertInput): Promise<AlertState | null> {
    return this.#serial(async () => {
      const { db, branchId } = this.deps;
      const now = new Date(this.#now());
      const open = this.#open.get(input.dedupKey);
      if (open) {
        if (SEVERITY_RANK[input.severity] <= SEVERITY_RANK[open.severity as Severity]) return null;
        const row = await db.alert.update({ where: { id: open.id }, data: { severity: input.severity, suggestion: text(input.suggestion), updatedAt: now } });
        await recordAlertStep(db, open.id, 'severity', now, { detail: `${open.severity} → ${input.severity}` });
        return this.#save(row);
      }
      if (input.cooldownS && (await this.#closedWithin(input.dedupKey, input.cooldownS, now))) return null;
      const row = await db.alert.create({
        data: {
          branchId, dedupKey: input.dedupKey, ruleId: input.ruleId, kind: input.kind, severity: input.severity, zoneId: input.zoneId, sourceId: input.sourceId,
          needsPerson: input.needsPerson, reason: text(input.reason), suggestion: text(input.suggestion), openedEventId: input.openedEventId ?? null,
          status: 'open', openedAt: now, updatedAt: now,
        },
      });
      await recordAlertStep(db, row.id, 'opened', now, { detail: input.severity });
      return this.#save(row);
    });
  }

  /** The cause of the situation's alert cleared: it closes by itself. */
  clear(dedupKey: string): Promise<AlertState | null> {
    return this.#serial(async () => {
      const open = this.#open.get(dedupKey);
      return open ? this.#close(open, 'auto', null) : null;
    });
  }

  acknowledge(id: string): Promise<AlertState | null> {
    return this.#serial(async () => {
      const row = this.#byId(id);
      if (!row || row.status !== 'open') return row ? this.#state(row) : null;
      const now = new Date(this.#now());
      const updated = await this.deps.db.alert.update({ where: { id }, data: { status: 'acknowledged', acknowledgedAt: now, updatedAt: now } });
      await recordAlertStep(this.deps.db, id, 'acknowledged', now);
      return this.#save(updated);
    });
  }

  /** Someone resolved it: staff sent by dispatch, or the floor manager. Null when not open. */
  resolve(id: string, how: { by: ResolvedBy; outcome?: string | null }): Promise<AlertState | null> {
    return this.#serial(async () => {
      const row = this.#byId(id);
      return row ? this.#close(row, how.by, how.outcome ?? null) : null;
    });
  }

  async #close(row: AlertRow, by: ResolvedBy, outcome: string | null): Promise<AlertState> {
    const now = new Date(this.#now());
    const updated = await this.deps.db.alert.update({ where: { id: row.id }, data: { status: 'resolved', resolvedAt: now, resolvedBy: by, outcome, updatedAt: now } });
    await recordAlertStep(this.deps.db, row.id, by === 'auto' ? 'auto-closed' : 'resolved', now, { detail: by === 'auto' ? null : [by, outcome].filter(Boolean).join(': ') });
    return this.#save(updated);
  }

  async #closedWithin(dedupKey: string, cooldownS: number, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - cooldownS * 1000);
    return (await this.deps.db.alert.count({ where: { branchId: this.deps.branchId, dedupKey, status: 'resolved', resolvedAt: { gt: since } } })) > 0;
  }

  #byId(id: string): AlertRow | undefined {
    return [...this.#open.values()].find((alert) => alert.id === id);
  }

  /** Runs after everything queued before it; a failure is the caller's, it never blocks later work. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#work.then(task);
    this.#work = run.then(() => undefined, () => undefined);
    return run;
  }

  #save(row: AlertRow): AlertState {
    if (row.status === 'resolved') this.#open.delete(row.dedupKey);
    else this.#open.set(row.dedupKey, row);
    const state = this.#state(row);
    this.deps.bus.emit('state.alert', state);
    return state;
  }

  #state(row: AlertRow): AlertState {
    return toAlertState(row, this.deps.skillsFor({ ruleId: row.ruleId, zoneId: row.zoneId }));
  }
}

function text(value: BilingualText | null): string | null {
  return value ? JSON.stringify(value) : null;
}
