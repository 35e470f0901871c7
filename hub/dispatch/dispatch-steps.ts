/**
 * The steps of a dispatch as database writes: each one updates Dispatch and DispatchOffer, sets
 * presence where it changes, and writes the alert's story, in one transaction at one instant.
 * The service decides when to take them; this file only knows what each one changes.
 */
import type { AlertState } from '../bus.ts';
import type { Db } from '../db/database.ts';
import { conflict, HttpError, notFound } from '../api/errors.ts';
import { recordAlertStep, type AlertStepKind } from '../alerts/alert-steps.ts';
import type { BranchDirectory } from '../branch/directory.ts';
import type { DispatchStore, DispatchRow } from './dispatch-store.ts';
import type { PresenceStore } from './presence.ts';
import { rankCandidates } from './ranking.ts';
import type { StaffRoster } from './staff-roster.ts';
import { LIVE_DISPATCH, type DispatchStatus } from './types.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
type Changes = Partial<Pick<DispatchRow, 'status' | 'staffId' | 'outcome' | 'acceptedAt' | 'arrivedAt' | 'resolvedAt' | 'escalatedAt' | 'cancelledAt'>>;

const HOUR_MS = 3600_000;

/** What one step did, for the service to pass on. */
export interface StepResult {
  row: DispatchRow;
  /** The offer made by this step expires then (epoch ms). */
  expiresAt?: number;
  /** The dispatch goes on to the next person (after a decline or a timeout). */
  next?: boolean;
  /** People whose screens must hear of this step besides the holder before and after. */
  touched: string[];
  /** People whose presence this step changed. */
  presenceChanged: string[];
}

export interface DispatchStepsDeps {
  db: Db;
  branchId: string;
  now: () => number;
  /** Read at each offer, so a changed rule set applies to the next one. */
  offerTimeoutS: () => number;
  roster: StaffRoster;
  presence: PresenceStore;
  store: DispatchStore;
  zones: Pick<BranchDirectory, 'zones'>;
}

export class DispatchSteps {
  constructor(private readonly deps: DispatchStepsDeps) {}

  notFound(what = 'dispatch'): HttpError {
    return notFound(what);
  }

  requireLive(row: DispatchRow, action: string): void {
    if (!LIVE_DISPATCH.includes(row.status as DispatchStatus)) throw conflict(`cannot ${action} a dispatch that is ${row.status}`);
  }

  /** Only the person it is offered to (or held by) acts on it, and only in the right state. */
  requireHolder(row: DispatchRow, staffId: string, statuses: DispatchStatus[], action: string): void {
    if (row.staffId !== staffId) throw new HttpError(403, 'this dispatch is not offered to you or held by you');
    if (!statuses.includes(row.status as DispatchStatus)) throw conflict(`cannot ${action} a dispatch that is ${row.status}`);
  }

  /** Offers it to the best available person not asked yet, or escalates it when nobody is left. */
  async offerNext(row: DispatchRow, alert: AlertState): Promise<StepResult> {
    const now = this.deps.now();
    const [roster, presence, asked, load] = await Promise.all([
      this.deps.roster.all(), this.deps.presence.all(), this.deps.store.askedAlready(row.id), this.deps.store.recentLoad(new Date(now - HOUR_MS)),
    ]);
    const available = new Map(presence.filter((entry) => entry.status === 'available').map((entry) => [entry.staffId, entry.zoneId]));
    const candidates = roster
      .filter((member) => available.has(member.staffId))
      .map((member) => ({ staffId: member.staffId, skills: member.skills, zoneId: available.get(member.staffId) ?? null, recentLoad: load.get(member.staffId) ?? 0 }));
    const zoneKinds = new Map(this.deps.zones.zones().map((zone) => [zone.id, zone.kind]));
    const [best] = rankCandidates({ candidates, skills: alert.skills, zoneId: alert.zoneId, zoneKinds, exclude: asked });
    if (best) return this.#offer(row, best.staffId, 'offered');
    return this.#write(row, 'escalated', { status: 'escalated', staffId: null, escalatedAt: new Date(now) }, { detail: asked.size ? `nobody left of ${asked.size} asked` : 'nobody available' });
  }

  /** The pending offer was declined or ran out: recorded, and the dispatch goes to the next person. */
  async answer(row: DispatchRow, answer: 'declined' | 'timeout'): Promise<StepResult> {
    const result = await this.#write(row, answer, {}, { offerAnswer: answer, staffId: row.staffId });
    return { ...result, next: true, touched: row.staffId ? [row.staffId] : [] };
  }

  accept(row: DispatchRow): Promise<StepResult> {
    return this.#write(row, 'accepted', { status: 'accepted', acceptedAt: new Date(this.deps.now()) }, { offerAnswer: 'accepted', staffId: row.staffId, presence: 'busy' });
  }

  /** On the spot: the person is now in the alert's zone, which ranks them for the next one there. */
  arrived(row: DispatchRow, zoneId: string | null): Promise<StepResult> {
    return this.#write(row, 'arrived', { status: 'arrived', arrivedAt: new Date(this.deps.now()) }, { staffId: row.staffId, presence: 'busy', presenceZone: zoneId ?? undefined });
  }

  resolve(row: DispatchRow, outcome: string): Promise<StepResult> {
    return this.#write(row, 'dispatch-resolved', { status: 'resolved', outcome, resolvedAt: new Date(this.deps.now()) }, { staffId: row.staffId, presence: 'available', detail: outcome });
  }

  async reassign(row: DispatchRow, toStaffId: string): Promise<StepResult> {
    if (!(await this.deps.roster.exists(toStaffId))) throw new HttpError(400, `unknown staff member ${JSON.stringify(toStaffId)}`);
    const released = await this.#release(row);
    const result = await this.#offer(row, toStaffId, 'reassigned', row.staffId ? `from ${row.staffId}` : 'from the floor');
    return { ...result, touched: row.staffId ? [row.staffId] : [], presenceChanged: released };
  }

  async cancel(row: DispatchRow, why: string): Promise<StepResult> {
    const released = await this.#release(row);
    const result = await this.#write(row, 'cancelled', { status: 'cancelled', cancelledAt: new Date(this.deps.now()) }, { offerAnswer: 'withdrawn', staffId: row.staffId, detail: why });
    return { ...result, presenceChanged: released };
  }

  async #offer(row: DispatchRow, staffId: string, step: 'offered' | 'reassigned', detail?: string): Promise<StepResult> {
    const now = this.deps.now();
    const expiresAt = now + this.deps.offerTimeoutS() * 1000;
    const result = await this.#write(row, step, { status: 'offered', staffId }, {
      offerAnswer: 'withdrawn', staffId, detail,
      extra: (tx) => tx.dispatchOffer.create({ data: { dispatchId: row.id, staffId, offeredAt: new Date(now), expiresAt: new Date(expiresAt) } }),
    });
    return { ...result, expiresAt };
  }

  /** A person who held it (accepted, arrived) is free again when it is taken from them. */
  async #release(row: DispatchRow): Promise<string[]> {
    if (!row.staffId || (row.status !== 'accepted' && row.status !== 'arrived')) return [];
    await this.deps.presence.set(row.staffId, 'available');
    return [row.staffId];
  }

  /**
   * One step in one transaction: the pending offer answered (if any), the dispatch changed, the
   * story written, all at the same instant; presence after it, when the step changes it.
   */
  async #write(row: DispatchRow, step: AlertStepKind, changes: Changes, options: {
    offerAnswer?: 'accepted' | 'declined' | 'timeout' | 'withdrawn';
    staffId?: string | null;
    detail?: string;
    presence?: 'busy' | 'available';
    presenceZone?: string;
    extra?: (tx: Tx) => Promise<unknown>;
  }): Promise<StepResult> {
    const at = new Date(this.deps.now());
    const updated = await this.deps.db.$transaction(async (tx) => {
      if (options.offerAnswer) await tx.dispatchOffer.updateMany({ where: { dispatchId: row.id, answer: null }, data: { answer: options.offerAnswer, answeredAt: at } });
      await options.extra?.(tx);
      await recordAlertStep(tx, row.alertId, step, at, { staffId: options.staffId ?? null, detail: options.detail ?? null });
      return tx.dispatch.update({ where: { id: row.id }, data: changes });
    });
    const presenceChanged: string[] = [];
    if (options.presence && row.staffId) {
      await this.deps.presence.set(row.staffId, options.presence, options.presenceZone);
      presenceChanged.push(row.staffId);
    }
    return { row: updated, touched: [], presenceChanged };
  }
}
