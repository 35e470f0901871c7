/**
 * The camera queue counts of the hours not yet final, as each zone's highest count, kept up to
 * date from the events the hub stores, so the experience log's minute tick does not read and
 * parse every count of the hour again. (At 10 × a busy day an hour holds 90,000 counts; reading
 * them all took 0.75 s of every minute by the end of the hour, the hub frozen meanwhile.)
 *
 * Each hour is read from the event log once, the first time it is asked for, and follows the
 * stored events from then on. Listening starts before any read and ingest announces events after
 * they are committed, so a count is in the read, in what follows, or in both (the highest is the
 * same either way): none falls between. Counts are kept per 15 minutes of UTC, since every UTC
 * offset is a whole number of quarter hours, so each branch-local hour is four of them.
 */
import type { EventData } from '../../protocol/events.ts';
import type { EventBus } from '../bus.ts';
import { cameraPeaks, mergePeaks } from './camera-peaks.ts';
import type { Window } from './durations.ts';
import type { QueueObservationRecord } from './kpi-types.ts';

const QUARTER_MS = 15 * 60_000;

type Peaks = Record<string, number>;

export class LiveCameraPeaks {
  /** Quarter-hour start → zone → highest count stored since listening began. */
  readonly #quarters = new Map<number, Peaks>();
  /** Window start → zone → highest count the event log held when the window was first read. */
  readonly #read = new Map<number, Peaks>();
  readonly #unsubscribe: () => void;

  constructor(bus: EventBus, private readonly readLog: (window: Window) => Promise<readonly QueueObservationRecord[]>) {
    this.#unsubscribe = bus.on('events.stored', (events) => {
      for (const { event } of events) {
        if (event.type !== 'tp.queue.observed') continue;
        const { zoneId, count } = event.data as EventData<'tp.queue.observed'>;
        this.#raise(Date.parse(event.time), zoneId, count);
      }
    });
  }

  /**
   * The window's highest count per zone, as one observation each at the window's start (what
   * `cameraPeaks` needs). `window` is a branch-local hour.
   */
  async observations(window: Window): Promise<QueueObservationRecord[]> {
    let read = this.#read.get(window.start);
    if (!read) {
      read = cameraPeaks(await this.readLog(window), window);
      this.#read.set(window.start, read);
    }
    const live: Peaks[] = [read];
    for (let quarter = window.start; quarter < window.end; quarter += QUARTER_MS) {
      const peaks = this.#quarters.get(quarter);
      if (peaks) live.push(peaks);
    }
    return Object.entries(mergePeaks(live)).map(([zoneId, count]) => ({ at: window.start, zoneId, count }));
  }

  /** Drops what is kept for times before `start` (hours that are final). */
  forgetBefore(start: number): void {
    for (const quarter of this.#quarters.keys()) if (quarter < start) this.#quarters.delete(quarter);
    for (const read of this.#read.keys()) if (read < start) this.#read.delete(read);
  }

  stop(): void {
    this.#unsubscribe();
  }

  #raise(at: number, zoneId: string, count: number): void {
    const quarter = Math.floor(at / QUARTER_MS) * QUARTER_MS;
    let peaks = this.#quarters.get(quarter);
    if (!peaks) this.#quarters.set(quarter, (peaks = {}));
    peaks[zoneId] = Math.max(peaks[zoneId] ?? 0, count);
  }
}
