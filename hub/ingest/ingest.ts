/**
 * Ingest: every MQTT message the hub receives goes through `submit`. It is checked against the
 * contract and the branch's configuration, then committed as an event or as a dead letter with
 * its reason. The returned promise settles after the commit: only then may the broker send PUBACK.
 */
import { decodeMessage, type DeadLetterReason } from '../../protocol/envelope.ts';
import { wellFormedPrefix } from '../../protocol/text.ts';
import { zoneOf } from '../../protocol/events.ts';
import type { BranchDirectory } from '../branch/directory.ts';
import type { EventBus, StoredEvent } from '../bus.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { HubMetrics } from '../metrics.ts';
import { BatchWriter, type DeadLetterRow, type WriteOutcome } from './batch-writer.ts';
import { ClockCheck } from './clock-check.ts';
import { zonePrivacyRefusal } from './zone-privacy.ts';
import { keptPayload } from './dead-letter-payload.ts';

export interface IncomingMessage {
  topic: string;
  payload: Uint8Array;
  clientId?: string;
  receivedAt?: Date;
}

const DEAD_LETTER_KEEP_BYTES = 4096;

/** The first 4 KiB of a payload, as text when it is UTF-8 (a cut character at the end is dropped). */
export function payloadHead(payload: Uint8Array): { text: string; base64: boolean } {
  const head = payload.subarray(0, DEAD_LETTER_KEEP_BYTES);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const cut = payload.byteLength > head.byteLength ? 3 : 0;
  for (let drop = 0; drop <= cut; drop++) {
    try {
      return { text: decoder.decode(head.subarray(0, head.byteLength - drop)), base64: false };
    } catch {
      // try a shorter head: the cut may have split a multi-byte character
    }
  }
  return { text: Buffer.from(head).toString('base64'), base64: true };
}

export class IngestService {
  #writer: BatchWriter;
  #pending = new Map<StoredEvent['event']['id'], StoredEvent>();
  #clock: ClockCheck;

  constructor(
    private readonly deps: { db: Db; bus: EventBus; directory: BranchDirectory; metrics: HubMetrics; log: Logger },
  ) {
    this.#clock = new ClockCheck({ metrics: deps.metrics, log: deps.log });
    this.#writer = new BatchWriter(deps.db, ({ stored, deadLetters, size }) => {
      deps.metrics.batchSize.observe(size);
      const events: StoredEvent[] = [];
      for (const row of stored) {
        const event = this.#pending.get(row.id);
        if (event) events.push(event);
        deps.metrics.ingested.inc({ type: row.type });
      }
      if (events.length > 0) deps.bus.emit('events.stored', events);
      if (deadLetters.length > 0) {
        deps.bus.emit('deadletters.stored', deadLetters.map(({ topic, reason, detail, receivedAt }) => ({ topic, reason: reason as DeadLetterReason, detail, receivedAt })));
      }
    });
  }

  async submit(message: IncomingMessage): Promise<WriteOutcome> {
    const receivedAt = message.receivedAt ?? new Date();
    const started = performance.now();
    const decoded = decodeMessage(message.topic, message.payload);
    let outcome: WriteOutcome;
    if (!decoded.ok) {
      outcome = await this.#deadLetter(message, receivedAt, decoded.reason, decoded.detail, decoded.eventId);
    } else {
      const { event, topic } = decoded;
      const zoneId = zoneOf(event.type, event.data) ?? null;
      const zone = zoneId === null ? undefined : this.deps.directory.zone(zoneId);
      const privacy = zone ? zonePrivacyRefusal(event, zone) : null;
      if (topic.branchId !== this.deps.directory.branchId) {
        outcome = await this.#deadLetter(message, receivedAt, 'unknown-branch', `this hub serves branch ${this.deps.directory.branchId}, not ${topic.branchId}`, event.id);
      } else if (zoneId !== null && !zone) {
        outcome = await this.#deadLetter(message, receivedAt, 'unknown-zone', `zone ${JSON.stringify(zoneId)} is not configured for branch ${topic.branchId}`, event.id);
      } else if (privacy) {
        // What was observed there is not kept, not even in the dead letter: only that it came.
        outcome = await this.#deadLetter({ ...message, payload: new Uint8Array() }, receivedAt, 'privacy-zone', privacy, event.id, message.payload.byteLength);
      } else {
        // A time ahead of the hub's clock becomes the arrival time (clock-check.ts).
        const { event: kept, clockSkewS } = this.#clock.check(event, topic, receivedAt);
        const stored: StoredEvent = { event: kept, topic, receivedAt, clockSkewS };
        this.#pending.set(event.id, stored);
        try {
          outcome = await this.#writer.writeEvent({
            id: event.id,
            branchId: topic.branchId,
            sourceKind: topic.sourceKind,
            sourceId: topic.sourceId,
            type: event.type,
            zoneId,
            time: new Date(kept.time),
            receivedAt,
            data: JSON.stringify(event.data),
          });
        } finally {
          if (this.#pending.get(event.id) === stored) this.#pending.delete(event.id);
        }
        if (outcome === 'duplicate') this.deps.metrics.duplicates.inc();
      }
    }
    this.deps.metrics.ingestLatency.observe((performance.now() - started) / 1000);
    return outcome;
  }

  /** Resolves when every message submitted so far is committed. */
  drain(): Promise<void> {
    return this.#writer.drain();
  }

  async #deadLetter(message: IncomingMessage, receivedAt: Date, reason: DeadLetterReason, detail: string, eventId?: string, payloadBytes = message.payload.byteLength): Promise<WriteOutcome> {
    const head = keptPayload(message.payload);
    // Text from the message (and error messages quoting it) may hold lone surrogates, which cannot be stored.
    const row: DeadLetterRow = {
      receivedAt,
      topic: wellFormedPrefix(message.topic, 512),
      reason,
      detail: wellFormedPrefix(detail, 1000),
      eventId: eventId === undefined ? null : wellFormedPrefix(eventId, 128),
      clientId: message.clientId === undefined ? null : wellFormedPrefix(message.clientId, 128),
      payloadBytes,
      payload: head.text,
      payloadBase64: head.base64,
    };
    const outcome = await this.#writer.writeDeadLetter(row);
    this.deps.metrics.deadLettered.inc({ reason });
    this.deps.log.debug({ reason, detail, topic: row.topic, clientId: row.clientId }, 'dead-lettered');
    return outcome;
  }
}
