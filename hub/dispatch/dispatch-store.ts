/**
 * The dispatch tables (`Dispatch`, `DispatchOffer`) as the service reads them: live dispatches,
 * the current offer, who was already asked, and each person's recent load.
 */
import type { AlertState } from '../bus.ts';
import type { Db } from '../db/database.ts';
import { LIVE_DISPATCH, type DispatchStatus, type DispatchView } from './types.ts';

export type DispatchRow = Awaited<ReturnType<Db['dispatch']['create']>>;
export type OfferRow = Awaited<ReturnType<Db['dispatchOffer']['create']>>;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A dispatch without its alert (the staff board, an alert's detail). */
export function bareDispatchView(row: DispatchRow, offerExpiresAt: number | undefined): Omit<DispatchView, 'alert'> {
  return {
    id: row.id,
    alertId: row.alertId,
    status: row.status as DispatchStatus,
    staffId: row.staffId,
    offerExpiresAt: row.status === 'offered' && offerExpiresAt !== undefined ? new Date(offerExpiresAt).toISOString() : null,
    outcome: row.outcome,
    createdAt: row.createdAt.toISOString(),
    acceptedAt: iso(row.acceptedAt),
    arrivedAt: iso(row.arrivedAt),
    resolvedAt: iso(row.resolvedAt),
    escalatedAt: iso(row.escalatedAt),
    cancelledAt: iso(row.cancelledAt),
  };
}

export function dispatchView(row: DispatchRow, offerExpiresAt: number | undefined, alert: AlertState): DispatchView {
  return { ...bareDispatchView(row, offerExpiresAt), alert };
}

export class DispatchStore {
  constructor(private readonly db: Db, private readonly branchId: string) {}

  byId(id: string): Promise<DispatchRow | null> {
    return this.db.dispatch.findFirst({ where: { id, branchId: this.branchId } });
  }

  /** The latest dispatch for an alert (an alert gets at most one). */
  forAlert(alertId: string): Promise<DispatchRow | null> {
    return this.db.dispatch.findFirst({ where: { alertId, branchId: this.branchId }, orderBy: { createdAt: 'desc' } });
  }

  live(): Promise<DispatchRow[]> {
    return this.db.dispatch.findMany({ where: { branchId: this.branchId, status: { in: [...LIVE_DISPATCH] } }, orderBy: { createdAt: 'asc' } });
  }

  /** Offered to this person or held by them, oldest first. */
  heldBy(staffId: string): Promise<DispatchRow[]> {
    return this.db.dispatch.findMany({ where: { branchId: this.branchId, staffId, status: { in: ['offered', 'accepted', 'arrived'] } }, orderBy: { createdAt: 'asc' } });
  }

  /** The offer still waiting for an answer, if any. */
  pendingOffer(dispatchId: string): Promise<OfferRow | null> {
    return this.db.dispatchOffer.findFirst({ where: { dispatchId, answer: null }, orderBy: { id: 'desc' } });
  }

  pendingOffers(dispatchIds: string[]): Promise<OfferRow[]> {
    return this.db.dispatchOffer.findMany({ where: { dispatchId: { in: dispatchIds }, answer: null } });
  }

  async askedAlready(dispatchId: string): Promise<Set<string>> {
    const offers = await this.db.dispatchOffer.findMany({ where: { dispatchId }, select: { staffId: true } });
    return new Set(offers.map((offer) => offer.staffId));
  }

  /** Per person: dispatches accepted since `since`, plus offers they have not answered yet. */
  async recentLoad(since: Date): Promise<Map<string, number>> {
    const rows = await this.db.dispatchOffer.groupBy({
      by: ['staffId'],
      where: { OR: [{ answer: 'accepted', answeredAt: { gte: since } }, { answer: null }], dispatch: { branchId: this.branchId } },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.staffId, row._count._all]));
  }
}
