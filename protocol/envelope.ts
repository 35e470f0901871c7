/**
 * The CloudEvents 1.0 JSON envelope and the one check every message goes through:
 * topic + raw payload → a typed event, or the reason it was refused.
 */
import { z } from 'zod';
import { EVENT_TYPES, EVENT_TYPE_NAMES, typeForEventKind, type EventData, type EventType } from './events.ts';
import { uuidv7 } from './ids.ts';
import { isWellFormed } from './text.ts';
import { parseTopic, sourceUri, type TopicParts } from './topics.ts';

/** Largest payload the hub accepts; larger ones are dead-lettered unread. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
const CORE_ATTRIBUTES = new Set(['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'dataschema', 'subject', 'data']);

export const envelopeSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).max(128).refine(isWellFormed, 'must be valid Unicode (no lone surrogate)'),
    source: z.string().min(1).max(256),
    type: z.string().min(1).max(128),
    time: z.iso.datetime({ offset: true }),
    datacontenttype: z.literal('application/json').optional(),
    dataschema: z.string().max(512).optional(),
    subject: z.string().max(256).optional(),
    data: z.unknown(),
  })
  .catchall(z.union([z.string().max(256), z.number(), z.boolean()]));

/** CloudEvents extension names; checked on the raw JSON, whose own keys include `__proto__`. */
function badAttributeName(json: object): string | undefined {
  return Object.keys(json).find((key) => !CORE_ATTRIBUTES.has(key) && !EXTENSION_NAME.test(key));
}

/** Keys that could pollute prototypes anywhere in the payload are refused outright. */
function hasPollutingKey(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 8) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return true;
    if (hasPollutingKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

export type CloudEvent<T extends EventType = EventType> = {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  time: string;
  datacontenttype?: 'application/json';
  data: EventData<T>;
} & Record<string, unknown>;

/** Why a message was refused; each is a `reason` in the dead-letter table and in /metrics. */
export const DEAD_LETTER_REASONS = [
  'oversize',
  'bad-topic',
  'bad-json',
  'bad-envelope',
  'unknown-type',
  'wrong-type',
  'wrong-source',
  'bad-data',
  'unknown-branch',
  'unknown-zone',
  'privacy-zone',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export type DecodeResult =
  | { ok: true; topic: TopicParts; event: CloudEvent }
  | { ok: false; reason: DeadLetterReason; detail: string; eventId?: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Checks one MQTT message against the contract. Pure: no I/O, never throws.
 * Zone and branch checks need the hub's configuration and happen in ingest.
 */
export function decodeMessage(topic: string, payload: Uint8Array): DecodeResult {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'oversize', detail: `payload is ${payload.byteLength} bytes, limit ${MAX_PAYLOAD_BYTES}` };
  }
  const parsedTopic = parseTopic(topic);
  if (!parsedTopic.ok) return { ok: false, reason: 'bad-topic', detail: parsedTopic.error };
  const parts = parsedTopic.parts;

  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch (error) {
    return { ok: false, reason: 'bad-json', detail: (error as Error).message.slice(0, 200) };
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const badName = badAttributeName(json);
    if (badName !== undefined) {
      return { ok: false, reason: 'bad-envelope', detail: `${JSON.stringify(badName)}: attribute names are 1-20 lower-case letters or digits` };
    }
    if (hasPollutingKey(json)) {
      return { ok: false, reason: 'bad-envelope', detail: 'payload contains a __proto__, constructor or prototype key' };
    }
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const maybeId = typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id.slice(0, 128) : undefined;
    return { ok: false, reason: 'bad-envelope', detail: describeIssues(envelope.error), eventId: maybeId };
  }
  const { id, type, source, data } = envelope.data;
  if (!(EVENT_TYPE_NAMES as string[]).includes(type)) {
    return { ok: false, reason: 'unknown-type', detail: `unknown event type ${JSON.stringify(type)}`, eventId: id };
  }
  const eventType = type as EventType;
  const expectedType = typeForEventKind(parts.eventKind);
  if (eventType !== expectedType) {
    return { ok: false, reason: 'wrong-type', detail: `topic ${parts.eventKind} carries ${expectedType}, not ${type}`, eventId: id };
  }
  const spec = EVENT_TYPES[eventType];
  const expectedSource = sourceUri(parts.branchId, parts.sourceKind, parts.sourceId);
  if (source !== expectedSource) {
    return { ok: false, reason: 'wrong-source', detail: `source ${JSON.stringify(source)} does not match topic ${expectedSource}`, eventId: id };
  }
  if (!(spec.sourceKinds as readonly string[]).includes(parts.sourceKind)) {
    return { ok: false, reason: 'wrong-source', detail: `${type} may not come from a source of kind ${parts.sourceKind}`, eventId: id };
  }
  const parsedData = spec.data.safeParse(data);
  if (!parsedData.success) {
    return { ok: false, reason: 'bad-data', detail: describeIssues(parsedData.error), eventId: id };
  }
  const event = { ...envelope.data, type: eventType, data: parsedData.data } as CloudEvent;
  return { ok: true, topic: parts, event };
}

/** Builds a valid event for a source; used by the edge, the kiosk and the tests. */
export function createEvent<T extends EventType>(
  type: T,
  source: { branchId: string; sourceKind: TopicParts['sourceKind']; sourceId: string },
  data: EventData<T>,
  options: { id?: string; time?: Date } = {},
): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: options.id ?? uuidv7(),
    source: sourceUri(source.branchId, source.sourceKind, source.sourceId),
    type,
    time: (options.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: EVENT_TYPES[type].data.parse(data) as EventData<T>,
  };
}
