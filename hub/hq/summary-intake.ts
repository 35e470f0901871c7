/**
 * HQ's door for summaries: every message on `tp/v1/+/hub/+/summary` goes through `submit`. A
 * valid `tp.branch.summary` is stored (summary-store.ts); anything else is dead-lettered with its
 * reason. The promise settles after the commit, so the broker acknowledges only what is stored.
 */
import { decodeMessage, type DeadLetterReason } from '../../protocol/envelope.ts';
import { TOPIC_ROOT } from '../../protocol/topics.ts';
import type { Db } from '../db/database.ts';
import { payloadHead, type IncomingMessage } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';
import type { BranchSummary, StoreOutcome, SummaryStore } from './summary-store.ts';

/** What HQ subscribes to: every branch hub's summaries. */
export const SUMMARY_WILDCARD = `${TOPIC_ROOT}/+/hub/+/summary`;

export type IntakeOutcome = StoreOutcome | 'dead-lettered';

export class SummaryIntake {
  constructor(private readonly deps: { db: Db; store: SummaryStore; log: Logger }) {}

  async submit(message: IncomingMessage): Promise<IntakeOutcome> {
    const receivedAt = message.receivedAt ?? new Date();
    const decoded = decodeMessage(message.topic, message.payload);
    if (!decoded.ok) return this.#deadLetter(message, receivedAt, decoded.reason, decoded.detail, decoded.eventId);
    const { event, topic } = decoded;
    if (event.type !== 'tp.branch.summary') {
      return this.#deadLetter(message, receivedAt, 'wrong-type', `HQ takes tp.branch.summary only, not ${event.type}`, event.id);
    }
    const outcome = await this.deps.store.accept({ eventId: event.id, branchId: topic.branchId, summary: event.data as BranchSummary, receivedAt });
    this.deps.log.debug({ branchId: topic.branchId, hour: (event.data as BranchSummary).hour, outcome }, 'summary received');
    return outcome;
  }

  async #deadLetter(message: IncomingMessage, receivedAt: Date, reason: DeadLetterReason, detail: string, eventId?: string): Promise<IntakeOutcome> {
    const head = payloadHead(message.payload);
    await this.deps.db.deadLetter.create({
      data: {
        receivedAt, topic: message.topic.slice(0, 512), reason, detail: detail.slice(0, 1000), eventId: eventId ?? null,
        clientId: message.clientId?.slice(0, 128) ?? null, payloadBytes: message.payload.byteLength, payload: head.text, payloadBase64: head.base64,
      },
    });
    this.deps.log.warn({ topic: message.topic, reason, detail }, 'summary refused');
    return 'dead-lettered';
  }
}
