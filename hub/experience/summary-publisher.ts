/**
 * Sends the branch's final hours to HQ as `tp.branch.summary` events, at least once: an hour is
 * marked `publishedAt` only after the broker acknowledged it (QoS 1), so hours that could not be
 * sent (broker down, hub stopped) go out at the next run, oldest first. Runs whenever hours
 * become final and every minute; `publishRange` sends any hours again on demand, the current
 * provisional one included. With `liveEveryMs`, the hour in progress is also sent at that
 * interval, so HQ sees today's figures before the hour ends (each send is a newer computation
 * that replaces the last at HQ, until the final one). HQ stores each computation once
 * (deterministic event ids).
 */
import type { EventBus } from '../bus.ts';
import { CoalescedRun } from '../coalesced-run.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { ExperienceService } from './experience-service.ts';
import type { HourAggregate } from './kpi-types.ts';
import { summaryEvent, summaryTopic, type SummaryBranch } from './summary-event.ts';

/** Where summaries go: the hub's own broker, or HQ's broker directly. */
export interface SummaryTransport {
  readonly connected: boolean;
  /** Resolves once the broker acknowledged the message (QoS 1). */
  publish(topic: string, payload: Buffer): Promise<void>;
}

export interface SummaryPublisherDeps {
  db: Db;
  bus: EventBus;
  branchId: string;
  experience: ExperienceService;
  transport: SummaryTransport;
  log: Logger;
  now?: () => number;
  /** Also send the hour in progress this often (real time); absent: final hours only. */
  liveEveryMs?: number;
}

const BATCH = 200;
const RETRY_MS = 60_000;

export class SummaryPublisher {
  readonly #now: () => number;
  readonly #run: CoalescedRun;
  #timer: NodeJS.Timeout | null = null;
  #liveTimer: NodeJS.Timeout | null = null;
  #live: Promise<void> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: SummaryPublisherDeps) {
    this.#now = deps.now ?? Date.now;
    this.#run = new CoalescedRun(() => this.#publishPending(), (error) => deps.log.warn({ err: error }, 'sending summaries to HQ failed; retrying'));
  }

  start(): void {
    this.#unsubscribe = this.deps.bus.on('experience.updated', () => void this.#run.run());
    this.#timer = setInterval(() => void this.#run.run(), RETRY_MS);
    this.#timer.unref();
    void this.#run.run();
    if (this.deps.liveEveryMs) {
      const sendLive = () => {
        this.#live ??= this.#sendLive()
          .catch((error: unknown) => this.deps.log.warn({ err: error }, 'sending the hour in progress to HQ failed'))
          .finally(() => (this.#live = null));
      };
      this.#liveTimer = setInterval(sendLive, this.deps.liveEveryMs);
      this.#liveTimer.unref();
      sendLive();
    }
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    if (this.#timer) clearInterval(this.#timer);
    if (this.#liveTimer) clearInterval(this.#liveTimer);
    await this.#live;
    await this.#run.settled();
  }

  /** Sends every final hour not yet acknowledged; resolves when this run is over. */
  publishPending(): Promise<void> {
    return this.#run.run();
  }

  /** Whether the broker that takes the summaries is reachable now. */
  get connected(): boolean {
    return this.deps.transport.connected;
  }

  /** Final hours still to send (for health and tests). */
  pending(): Promise<number> {
    return this.deps.db.experienceHour.count({ where: { branchId: this.deps.branchId, final: true, publishedAt: null } });
  }

  /** On demand: the stored hours starting in [from, to), brought up to now first, sent again. */
  async publishRange(from: Date, to: Date): Promise<{ published: number; provisional: number }> {
    await this.deps.experience.tick();
    const rows = await this.deps.db.experienceHour.findMany({
      where: { branchId: this.deps.branchId, hourStart: { gte: from, lt: to } },
      orderBy: { hourStart: 'asc' },
    });
    const branch = await this.#branch();
    let provisional = 0;
    for (const row of rows) {
      await this.#send(branch, row);
      if (!row.final) provisional++;
    }
    return { published: rows.length, provisional };
  }

  /** The hours not final yet (the one in progress), brought up to now and sent. */
  async #sendLive(): Promise<void> {
    if (!this.deps.transport.connected) return;
    await this.deps.experience.tick();
    const rows = await this.deps.db.experienceHour.findMany({ where: { branchId: this.deps.branchId, final: false }, orderBy: { hourStart: 'asc' } });
    if (rows.length === 0) return;
    const branch = await this.#branch();
    for (const row of rows) await this.#send(branch, row);
  }

  async #publishPending(): Promise<void> {
    const { db, branchId, transport } = this.deps;
    let sent = 0;
    while (transport.connected) {
      const rows = await db.experienceHour.findMany({ where: { branchId, final: true, publishedAt: null }, orderBy: { hourStart: 'asc' }, take: BATCH });
      if (rows.length === 0) break;
      const branch = await this.#branch();
      for (const row of rows) {
        await this.#send(branch, row);
        sent++;
      }
    }
    if (sent > 0) this.deps.log.info({ hours: sent }, 'summaries sent to HQ');
  }

  async #send(branch: SummaryBranch, row: { hourStart: Date; label: string; final: boolean; computedAt: Date; aggregate: string }): Promise<void> {
    const event = summaryEvent(branch, { label: row.label, final: row.final, computedAt: row.computedAt, aggregate: JSON.parse(row.aggregate) as HourAggregate });
    await this.deps.transport.publish(summaryTopic(branch.id), Buffer.from(JSON.stringify(event)));
    if (row.final) {
      await this.deps.db.experienceHour.update({
        where: { branchId_hourStart: { branchId: branch.id, hourStart: row.hourStart } },
        data: { publishedAt: new Date(this.#now()) },
      });
    }
  }

  async #branch(): Promise<SummaryBranch> {
    const { id, name, nameZh, region, timezone, simulated } = await this.deps.db.branch.findUniqueOrThrow({ where: { id: this.deps.branchId } });
    return { id, name, nameZh, region, timezone, simulated };
  }
}
