/**
 * Free text outlives nothing it is needed for: after the shorter free-text period the words go and
 * the record stays. Customers write names, phone numbers or account details into a feedback comment;
 * staff write what they found ("fainted, ambulance called") into an outcome; a misbehaving device
 * can put anything into a message that ends as a dead letter. The floor reads these on the day;
 * the experience log keeps only whether a comment was left.
 */
import type { Db } from '../db/database.ts';
import { inBatches, type BatchOptions } from './batches.ts';
import type { PurgedCounts } from './purge-records.ts';

interface Scope {
  db: Db;
  branchId: string;
  batch: BatchOptions;
}

/** For records that belong to no branch (dead letters, the audit log): an HQ hub has them too. */
type HubScope = Omit<Scope, 'branchId'>;

/** Alert steps whose detail is what a person wrote (an outcome, a reason to cancel). */
export const FREE_TEXT_STEPS = ['resolved', 'dispatch-resolved', 'cancelled'];

const ids = <T>(rows: { id: T }[]) => rows.map((row) => row.id);

/** Clears feedback comments given before `before`; the scores stay. */
export async function redactFeedbackComments({ db, branchId, batch }: Scope, before: Date): Promise<PurgedCounts> {
  const comment = await inBatches(batch,
    async (take) => ids(await db.feedback.findMany({ where: { branchId, at: { lt: before }, comment: { not: null } }, select: { id: true }, take })),
    async (chunk) => (await db.feedback.updateMany({ where: { id: { in: chunk } }, data: { comment: null } })).count);
  return { 'feedback-comment': comment };
}

/** Clears what staff wrote about alerts and dispatches before `before`. */
export async function redactOutcomes({ db, branchId, batch }: Scope, before: Date): Promise<PurgedCounts> {
  const alert = await inBatches(batch,
    async (take) => ids(await db.alert.findMany({ where: { branchId, resolvedAt: { lt: before }, outcome: { not: null } }, select: { id: true }, take })),
    async (chunk) => (await db.alert.updateMany({ where: { id: { in: chunk } }, data: { outcome: null } })).count);
  const dispatch = await inBatches(batch,
    async (take) => ids(await db.dispatch.findMany({ where: { branchId, createdAt: { lt: before }, outcome: { not: null } }, select: { id: true }, take })),
    async (chunk) => (await db.dispatch.updateMany({ where: { id: { in: chunk } }, data: { outcome: null } })).count);
  const step = await inBatches(batch,
    async (take) => ids(await db.alertStep.findMany({ where: { at: { lt: before }, kind: { in: FREE_TEXT_STEPS }, detail: { not: null } }, select: { id: true }, take })),
    async (chunk) => (await db.alertStep.updateMany({ where: { id: { in: chunk } }, data: { detail: null } })).count);
  return { 'alert-outcome': alert, 'dispatch-outcome': dispatch, 'alert-step-detail': step };
}

/**
 * Empties the stored payload of dead letters received before `before`, and their detail, which can
 * quote it (a JSON parser's message shows the text it choked on); reason, size and topic stay.
 */
export async function redactDeadLetterPayloads({ db, batch }: HubScope, before: Date): Promise<PurgedCounts> {
  const payload = await inBatches(batch,
    async (take) => ids(await db.deadLetter.findMany({ where: { receivedAt: { lt: before }, OR: [{ payload: { not: '' } }, { detail: { not: '' } }] }, select: { id: true }, take })),
    async (chunk) => (await db.deadLetter.updateMany({ where: { id: { in: chunk } }, data: { payload: '', payloadBase64: false, detail: '' } })).count);
  return { 'dead-letter-payload': payload };
}
