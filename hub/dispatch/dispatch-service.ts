/**
 * Dispatch: sends the best available person to every alert that needs one (see README.md).
 * Offered → (declined | timeout → the next person | escalated to the floor after the last) →
 * accepted → arrived → resolved, which resolves the alert. The floor can reassign or cancel;
 * an alert that closes by itself cancels its dispatch. Every step is stored with its time in
 * Dispatch/DispatchOffer and the alert's story, so a restart resumes where it stopped.
 */
import { randomUUID } from 'node:crypto';
import type { AlertService } from '../alerts/alert-service.ts';
import type { AlertState, EventBus } from '../bus.ts';
import type { BranchDirectory } from '../branch/directory.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { bareDispatchView, DispatchStore, dispatchView, type DispatchRow } from './dispatch-store.ts';
import { DispatchSteps, type StepResult } from './dispatch-steps.ts';
import { raiseToHigh } from './escalate-alert.ts';
import { PresenceStore } from './presence.ts';
import { StaffRoster } from './staff-roster.ts';
import { LIVE_DISPATCH, type DispatchStatus, type DispatchView, type PresenceStatus, type StaffBoardEntry } from './types.ts';

/** What dispatch needs of the alerts: the open ones, one by id, resolving one, raising its severity. */
export type DispatchAlerts = Pick<AlertService, 'open' | 'get' | 'resolve' | 'raise'>;

export interface DispatchServiceDeps {
  db: Db;
  bus: EventBus;
  branchId: string;
  alerts: DispatchAlerts;
  directory: Pick<BranchDirectory, 'zones'>;
  log: Logger;
  /** Epoch ms; tests drive it. */
  now?: () => number;
  /** How long a person has to answer an offer before it goes to the next (default 60 s). */
  offerTimeoutS?: () => number;
}

const TICK_MS = 1000;

export class DispatchService {
  readonly roster: StaffRoster;
  readonly presence: PresenceStore;
  #store: DispatchStore;
  #steps: DispatchSteps;
  #now: () => number;
  /** Alerts seen open, by id: the "what, where, why" of each dispatch view. */
  #alerts = new Map<string, AlertState>();
  /** dispatch id → when its pending offer expires (epoch ms). */
  #expiries = new Map<string, number>();
  #tick: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;
  #work: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: DispatchServiceDeps) {
    this.#now = deps.now ?? Date.now;
    this.roster = new StaffRoster(deps.db, deps.branchId);
    this.presence = new PresenceStore({ db: deps.db, branchId: deps.branchId, now: this.#now });
    this.#store = new DispatchStore(deps.db, deps.branchId);
    this.#steps = new DispatchSteps({
      db: deps.db, branchId: deps.branchId, now: this.#now, offerTimeoutS: deps.offerTimeoutS ?? (() => 60),
      roster: this.roster, presence: this.presence, store: this.#store, zones: deps.directory,
    });
  }

  async start(): Promise<void> {
    this.#alerts = new Map(this.deps.alerts.open().map((alert) => [alert.id, alert]));
    const live = await this.#store.live();
    for (const offer of await this.#store.pendingOffers(live.filter((row) => row.status === 'offered').map((row) => row.id))) {
      this.#expiries.set(offer.dispatchId, offer.expiresAt.getTime());
    }
    this.#unsubscribe = this.deps.bus.on('state.alert', (alert) => this.#serial(() => this.#onAlert(alert)));
    await this.#serial(async () => {
      // Alerts that closed while the hub was down, and ones that opened just before it went down.
      for (const row of live) if (!this.#alerts.has(row.alertId)) await this.#cancel(row, 'the alert closed');
      for (const alert of this.#alerts.values()) if (alert.needsPerson && !(await this.#store.forAlert(alert.id))) await this.#create(alert);
    });
    // Offers that expired while the hub was down time out now.
    await this.expireDue();
    this.#tick = setInterval(() => void this.expireDue().catch((error: unknown) => this.deps.log.error({ err: error }, 'offer timeout failed')), TICK_MS);
    this.#tick.unref();
  }

  async stop(): Promise<void> {
    if (this.#tick) clearInterval(this.#tick);
    this.#tick = null;
    this.#unsubscribe?.();
    await this.settled();
  }

  /** Waits for the alerts and answers handed to dispatch so far. */
  async settled(): Promise<void> {
    await this.#work.catch(() => undefined);
  }

  /** Times out every offer whose time is up and offers the dispatch to the next person. */
  async expireDue(): Promise<void> {
    const now = this.#now();
    const timeoutMs = (this.deps.offerTimeoutS?.() ?? 60) * 1000;
    for (const [dispatchId, expiresAt] of this.#expiries) {
      // Further off than a whole timeout: the clock went back since the offer; it runs from now, not from then.
      if (expiresAt - now > timeoutMs) this.#expiries.set(dispatchId, now + timeoutMs);
      if (expiresAt > now) continue;
      await this.#serial(async () => {
        const row = await this.#store.byId(dispatchId);
        if (row?.status !== 'offered' || (this.#expiries.get(dispatchId) ?? Infinity) > this.#now()) return;
        await this.#move(row, await this.#steps.answer(row, 'timeout'));
      });
    }
  }

  accept(dispatchId: string, staffId: string): Promise<DispatchView> {
    return this.#act(dispatchId, async (row) => {
      this.#steps.requireHolder(row, staffId, ['offered'], 'accept');
      return this.#steps.accept(row);
    });
  }

  decline(dispatchId: string, staffId: string): Promise<DispatchView> {
    return this.#act(dispatchId, async (row) => {
      this.#steps.requireHolder(row, staffId, ['offered'], 'decline');
      return this.#steps.answer(row, 'declined');
    });
  }

  arrived(dispatchId: string, staffId: string): Promise<DispatchView> {
    return this.#act(dispatchId, async (row) => {
      this.#steps.requireHolder(row, staffId, ['accepted'], 'arrive at');
      return this.#steps.arrived(row, (await this.#alert(row.alertId)).zoneId);
    });
  }

  /** The person sent says what they found or did; the alert is resolved by staff. */
  resolve(dispatchId: string, staffId: string, outcome: string): Promise<DispatchView> {
    return this.#act(dispatchId, async (row) => {
      this.#steps.requireHolder(row, staffId, ['accepted', 'arrived'], 'resolve');
      const result = await this.#steps.resolve(row, outcome);
      await this.deps.alerts.resolve(row.alertId, { by: 'staff', outcome });
      return result;
    });
  }

  /** The floor manager offers it to a person of their choice instead. */
  reassign(dispatchId: string, toStaffId: string): Promise<DispatchView> {
    return this.#act(dispatchId, async (row) => {
      this.#steps.requireLive(row, 'reassign');
      return this.#steps.reassign(row, toStaffId);
    });
  }

  /** The floor manager calls it off. */
  cancel(dispatchId: string): Promise<DispatchView> {
    return this.#act(dispatchId, async (row) => {
      this.#steps.requireLive(row, 'cancel');
      return this.#steps.cancel(row, 'cancelled by the floor');
    });
  }

  /** Sets a person's presence (themselves or the floor) and tells the floor. */
  async setPresence(staffId: string, status: PresenceStatus, zoneId?: string | null): Promise<StaffBoardEntry> {
    await this.presence.set(staffId, status, zoneId);
    return this.#announcePresence(staffId);
  }

  /** What a person is offered or holds now, oldest first. */
  async mine(staffId: string): Promise<DispatchView[]> {
    return Promise.all((await this.#store.heldBy(staffId)).map((row) => this.#view(row)));
  }

  /** The latest dispatch of an alert, for its detail page. */
  async forAlert(alertId: string): Promise<DispatchView | null> {
    const row = await this.#store.forAlert(alertId);
    return row ? this.#view(row) : null;
  }

  /** Everyone, with presence, zone and the dispatch they are offered or hold. */
  async board(): Promise<StaffBoardEntry[]> {
    const [roster, presence, live] = await Promise.all([this.roster.all(), this.presence.all(), this.#store.live()]);
    const byStaff = new Map(presence.map((entry) => [entry.staffId, entry]));
    return roster.map((member) => {
      const held = live.find((row) => row.staffId === member.staffId && row.status !== 'escalated');
      const state = byStaff.get(member.staffId) ?? { staffId: member.staffId, status: 'off-shift' as const, zoneId: null, updatedAt: null };
      return { ...member, ...state, dispatch: held ? this.#bare(held) : null };
    });
  }

  /** One person's row of the board: their own presence screen reads it. */
  async boardEntry(staffId: string): Promise<StaffBoardEntry> {
    const entry = (await this.board()).find((item) => item.staffId === staffId);
    if (!entry) throw this.#steps.notFound('staff member');
    return entry;
  }

  async #onAlert(alert: AlertState): Promise<void> {
    if (alert.status === 'resolved') {
      this.#alerts.delete(alert.id);
      const row = await this.#store.forAlert(alert.id);
      if (row && LIVE_DISPATCH.includes(row.status as DispatchStatus)) await this.#cancel(row, alert.resolvedBy === 'auto' ? 'the alert closed by itself' : 'the alert was resolved');
      return;
    }
    this.#alerts.set(alert.id, alert);
    if (alert.needsPerson && !(await this.#store.forAlert(alert.id))) await this.#create(alert);
  }

  async #create(alert: AlertState): Promise<void> {
    const row = await this.deps.db.dispatch.create({ data: { id: randomUUID(), branchId: this.deps.branchId, alertId: alert.id, status: 'offered', createdAt: new Date(this.#now()) } });
    await this.#move(row, await this.#steps.offerNext(row, alert));
  }

  async #cancel(row: DispatchRow, why: string): Promise<void> {
    await this.#move(row, await this.#steps.cancel(row, why));
  }

  /** Runs an action on one dispatch, in turn with everything else, and returns its new view. */
  #act(dispatchId: string, step: (row: DispatchRow) => Promise<StepResult>): Promise<DispatchView> {
    return this.#serial(async () => {
      const row = await this.#store.byId(dispatchId);
      if (!row) throw this.#steps.notFound();
      return this.#move(row, await step(row));
    });
  }

  /** After a step: follow-ups (next offer, escalation), timers, the bus and the people concerned. */
  async #move(before: DispatchRow, result: StepResult): Promise<DispatchView> {
    let { row } = result;
    if (result.next) {
      const next = await this.#steps.offerNext(row, await this.#alert(row.alertId));
      row = next.row;
      result = { ...next, touched: [...result.touched, ...next.touched] };
    }
    if (result.expiresAt !== undefined) this.#expiries.set(row.id, result.expiresAt);
    else if (row.status !== 'offered') this.#expiries.delete(row.id);
    if (row.status === 'escalated' && before.status !== 'escalated') {
      const raised = await raiseToHigh(this.deps.db, this.deps.alerts, this.deps.branchId, row.alertId);
      if (raised) this.#alerts.set(raised.id, raised);
    }
    const view = await this.#view(row);
    const staffIds = [...new Set([before.staffId, row.staffId, ...result.touched].filter((id): id is string => Boolean(id)))];
    this.deps.bus.emit('dispatch.changed', { dispatch: view, staffIds });
    for (const staffId of result.presenceChanged) await this.#announcePresence(staffId);
    return view;
  }

  async #announcePresence(staffId: string): Promise<StaffBoardEntry> {
    const entry = await this.boardEntry(staffId);
    this.deps.bus.emit('staff.presence', entry);
    return entry;
  }

  async #alert(alertId: string): Promise<AlertState> {
    const alert = this.#alerts.get(alertId) ?? (await this.deps.alerts.get(alertId));
    if (!alert) throw new Error(`dispatch refers to unknown alert ${alertId}`);
    return alert;
  }

  async #view(row: DispatchRow): Promise<DispatchView> {
    return dispatchView(row, this.#expiries.get(row.id), await this.#alert(row.alertId));
  }

  #bare(row: DispatchRow): Omit<DispatchView, 'alert'> {
    return bareDispatchView(row, this.#expiries.get(row.id));
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#work.then(task);
    this.#work = run.catch(() => undefined);
    return run;
  }
}
