/**
 * Customer feedback after service. A ticket code links the answer to the ticket and its service
 * (one answer per ticket); every stored answer is announced on the bus as `feedback.received`.
 */
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../bus.ts';
import type { Db } from '../db/database.ts';
import { feedbackVisit, type FeedbackVisit } from './feedback-visit.ts';
import type { FeedbackInput, FeedbackItem, FeedbackSummary } from './schema.ts';
import { summarise } from './summary.ts';

export type SubmitResult = { ok: true; feedback: FeedbackItem } | { ok: false; reason: 'unknown-ticket' | 'already-given' };

export interface FeedbackRange {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** The most answers listed (the summary always counts the whole range). */
  limit: number;
}

type FeedbackRow = Awaited<ReturnType<Db['feedback']['create']>>;

function toItem(row: FeedbackRow): FeedbackItem {
  return { id: row.id, ticketId: row.ticketId, serviceId: row.serviceId, csat: row.csat, nps: row.nps, comment: row.comment, language: row.language, at: row.at.toISOString() };
}

export class FeedbackService {
  /** Submissions run one at a time, so two answers for one ticket cannot both pass the check. */
  #work: Promise<unknown> = Promise.resolve();

  /** `now`: the hub's clock (epoch ms), so answers and the queue share one time line in tests. */
  constructor(private readonly deps: { db: Db; bus: EventBus; branchId: string; now?: () => number }) {}

  submit(input: FeedbackInput): Promise<SubmitResult> {
    const result = this.#work.then(() => this.#submit(input));
    this.#work = result.catch(() => undefined);
    return result;
  }

  async list(range: FeedbackRange): Promise<{ items: FeedbackItem[]; summary: FeedbackSummary }> {
    const where = {
      branchId: this.deps.branchId,
      ...(range.from || range.to ? { at: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {}),
    };
    const [rows, csat, nps] = await Promise.all([
      this.deps.db.feedback.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'asc' }], take: range.limit }),
      this.deps.db.feedback.groupBy({ by: ['csat'], where, _count: { _all: true } }),
      this.deps.db.feedback.groupBy({ by: ['nps'], where, _count: { _all: true } }),
    ]);
    return {
      items: rows.map(toItem),
      summary: summarise(
        new Map(csat.map((group) => [group.csat, group._count._all])),
        new Map(nps.flatMap((group) => (group.nps === null ? [] : [[group.nps, group._count._all] as const]))),
      ),
    };
  }

  /** The visit an answer's ticket was (service, counter, wait), as the ticket stands now. */
  visit(ticketId: string): Promise<FeedbackVisit | null> {
    return feedbackVisit(this.deps.db, this.deps.branchId, ticketId);
  }

  async #submit(input: FeedbackInput): Promise<SubmitResult> {
    const { db, branchId } = this.deps;
    let ticket: { id: string; serviceId: string } | null = null;
    if (input.ticketCode) {
      ticket = await db.ticket.findFirst({ where: { code: input.ticketCode, branchId }, select: { id: true, serviceId: true } });
      if (!ticket) return { ok: false, reason: 'unknown-ticket' };
      if (await db.feedback.findFirst({ where: { ticketId: ticket.id }, select: { id: true } })) return { ok: false, reason: 'already-given' };
    }
    const row = await db.feedback.create({
      data: {
        id: randomUUID(),
        branchId,
        ticketId: ticket?.id ?? null,
        serviceId: ticket?.serviceId ?? null,
        csat: input.csat,
        nps: input.nps ?? null,
        comment: input.comment || null,
        language: input.language,
        at: new Date((this.deps.now ?? Date.now)()),
      },
    });
    const feedback = toItem(row);
    this.deps.bus.emit('feedback.received', feedback);
    return { ok: true, feedback };
  }
}
