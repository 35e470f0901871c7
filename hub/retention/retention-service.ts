/**
 * The retention job: at start and then daily it deletes raw records older than the retention period
 * and clears free text older than its shorter one (retention-policy.ts says which instants), and
 * deletes the audit log after its own period. An HQ-only hub (no branch) has only dead letters and
 * the audit log to look after. It works in
 * batches that never hold the hub (batches.ts), and logs and counts what it removed. The aggregates —
 * `ExperienceHour` at the branch, `HqHour`/`HqDay` at HQ — are never touched, nor is configuration.
 * Removed means gone from the disk too: SQLite overwrites deleted content with zeros
 * (`secure_delete`), and a run that removed anything checkpoints the write-ahead log into the file.
 *
 *   const retention = new RetentionService({ db, branchId, settings: { rawDays: 90, freeTextDays: 30, auditDays: 365 }, metrics, log });
 *   await retention.start();          // a first run in the background, then one a day
 *   const report = await retention.run();
 *   await retention.stop();           // ends a run between two batches
 */
import type { Db } from '../db/database.ts';
import { HOUR_MS } from '../experience/local-hours.ts';
import type { Logger } from '../logger.ts';
import type { HubMetrics } from '../metrics.ts';
import { Serial } from '../queue/serial.ts';
import { purgeAlerts, purgeAppointments, purgeAuditLog, purgeDeadLetters, purgeEvents, purgeFeedback, purgeTickets, type PurgedCounts } from './purge-records.ts';
import { redactDeadLetterPayloads, redactFeedbackComments, redactOutcomes } from './redact-free-text.ts';
import { DAY_MS, effectiveSettings, retentionCutoffs, type RetentionCutoffs, type RetentionSettings } from './retention-policy.ts';

const BATCH_SIZE = 500;

export interface RetentionServiceDeps {
  db: Db;
  /** The branch whose records go; null on an HQ-only hub. */
  branchId: string | null;
  settings: RetentionSettings;
  metrics: Pick<HubMetrics, 'retentionPurged' | 'retentionRedacted' | 'retentionLastRun'>;
  log: Logger;
  now?: () => number;
  /** Rows per batch (tests make it small to cross batch boundaries). */
  batchSize?: number;
}

export interface RetentionReport {
  cutoffs: RetentionCutoffs;
  /** Rows deleted, by record kind. */
  purged: PurgedCounts;
  /** Free-text fields cleared, by field. */
  redacted: PurgedCounts;
}

export class RetentionService {
  readonly settings: RetentionSettings;
  readonly #now: () => number;
  readonly #serial = new Serial();
  #timer: NodeJS.Timeout | null = null;
  #stopping = false;

  constructor(private readonly deps: RetentionServiceDeps) {
    this.settings = effectiveSettings(deps.settings);
    this.#now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.#stopping = false;
    const runLogged = () => void this.run().catch((error: unknown) => this.deps.log.error({ err: error }, 'retention run failed'));
    runLogged(); // not awaited: a first run over a long backlog must not delay the hub's start
    this.#timer = setInterval(runLogged, DAY_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#serial.idle();
  }

  /** One run now (after any run in progress). */
  run(): Promise<RetentionReport> {
    return this.#serial.run(() => this.#run());
  }

  async #run(): Promise<RetentionReport> {
    const { db, branchId, metrics, log } = this.deps;
    const now = this.#now();
    const cutoffs = retentionCutoffs(now, this.settings, branchId === null ? null : await this.#finalUntil(branchId));
    // Without it, deleted rows stay readable in the file's free pages until they are reused.
    await db.$queryRawUnsafe('PRAGMA secure_delete = ON');
    const hub = { db, batch: { size: this.deps.batchSize ?? BATCH_SIZE, stopped: () => this.#stopping } };
    const purged: PurgedCounts = {
      ...(await purgeDeadLetters(hub, cutoffs.raw)),
      ...(await purgeAuditLog(hub, cutoffs.audit)),
      ...(branchId === null ? {} : await this.#purgeBranch({ ...hub, branchId }, cutoffs)),
    };
    const redacted: PurgedCounts = {
      ...(await redactDeadLetterPayloads(hub, cutoffs.freeText)),
      ...(branchId === null ? {} : {
        ...(await redactOutcomes({ ...hub, branchId }, cutoffs.freeText)),
        ...(cutoffs.freeTextAggregated ? await redactFeedbackComments({ ...hub, branchId }, cutoffs.freeTextAggregated) : {}),
      }),
    };
    for (const [record, count] of Object.entries(purged)) metrics.retentionPurged.inc({ record }, count);
    for (const [field, count] of Object.entries(redacted)) metrics.retentionRedacted.inc({ field }, count);
    metrics.retentionLastRun.set(now / 1000);
    const total = (counts: PurgedCounts) => Object.values(counts).reduce((sum, count) => sum + count, 0);
    // The zeroed pages are in the write-ahead log; move them into the database file now.
    if (total(purged) + total(redacted) > 0) await db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    const fields = { ...this.settings, cutoffs, purged, redacted };
    if (total(purged) + total(redacted) > 0) log.info(fields, 'retention: removed old raw records and free text');
    else log.debug(fields, 'retention: nothing to remove');
    if (branchId !== null && !cutoffs.aggregated) log.debug('retention: the experience log has no hour yet; records it is computed from are kept until it has');
    return { cutoffs, purged, redacted };
  }

  /** The branch's raw records: appointments, and what the experience log is computed from once its hours are final. */
  async #purgeBranch(scope: Parameters<typeof purgeEvents>[0], cutoffs: RetentionCutoffs): Promise<PurgedCounts> {
    const { timezone } = await scope.db.branch.findUniqueOrThrow({ where: { id: scope.branchId }, select: { timezone: true } });
    return {
      ...(await purgeAppointments(scope, cutoffs.raw)),
      ...(cutoffs.aggregated ? {
        ...(await purgeEvents(scope, cutoffs.aggregated)),
        ...(await purgeTickets(scope, cutoffs.aggregated, timezone)),
        ...(await purgeFeedback(scope, cutoffs.aggregated)),
        ...(await purgeAlerts(scope, cutoffs.aggregated)),
      } : {}),
    };
  }

  /** Up to when every hour of the branch's experience log is final; null when no hour is stored. */
  async #finalUntil(branchId: string): Promise<number | null> {
    const { db } = this.deps;
    const [open, lastFinal] = await Promise.all([
      db.experienceHour.findFirst({ where: { branchId, final: false }, orderBy: { hourStart: 'asc' }, select: { hourStart: true } }),
      db.experienceHour.findFirst({ where: { branchId, final: true }, orderBy: { hourStart: 'desc' }, select: { hourStart: true } }),
    ]);
    if (open) return open.hourStart.getTime();
    return lastFinal ? lastFinal.hourStart.getTime() + HOUR_MS : null;
  }
}
