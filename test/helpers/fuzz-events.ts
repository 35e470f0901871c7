/**
 * MQTT messages for the ingest fuzz tests, each with what the hub must do with it: valid events
 * drawn from the domains of the contract's zod schemas (protocol/events.ts), and hostile ones —
 * one defect each, so the dead-letter reason is known — plus pure noise.
 */
import fc from 'fast-check';
import type { DeadLetterReason } from '../../protocol/envelope.ts';
import { MAX_PAYLOAD_BYTES } from '../../protocol/envelope.ts';
import { CAMERA_STATES, DISTRESS_KINDS, KIOSK_OUTCOMES, KIOSK_TASKS, SEVERITIES } from '../../protocol/vocabulary.ts';
import { deeplyNested, hostileJson, hostileJsonOf, hostileString, INVALID_UTF8, PROTO_KEYS, SQL_LOOKING } from './fuzz.ts';

const plainHostileJson = hostileJsonOf({ protoKeys: false });

export interface DeviceSource {
  branchId: string;
  sourceKind: 'edge' | 'kiosk';
  sourceId: string;
}

export interface ValidEvent {
  topic: string;
  json: Record<string, unknown> & { id: string; type: string; time: string; data: Record<string, unknown> };
}

export type Expectation =
  | { outcome: 'stored'; event: ValidEvent['json'] }
  | { outcome: 'dead-lettered'; reason: DeadLetterReason | null };

export interface FuzzMessage {
  /** What it is, for a readable counterexample. */
  what: string;
  topic: string;
  payload: Uint8Array;
  expect: Expectation;
}

export interface FuzzWorld {
  source: DeviceSource;
  /** Zones ingest accepts events about (configured, not staff-only). */
  zones: readonly string[];
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const topicOf = (source: DeviceSource, kind: string) => `tp/v1/${source.branchId}/${source.sourceKind}/${source.sourceId}/${kind}`;

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const seconds = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e7, noNaN: true }));
const tally = fc.integer({ min: 0, max: 10_000 });
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/);
/** Event ids are any 1-128 characters: SQL-looking and non-Latin ones must be stored as they are. */
const eventId = fc.oneof(
  fc.uuid(),
  fc.constantFrom(...SQL_LOOKING).chain((sql) => fc.uuid().map((uuid) => `${sql}-${uuid}`)),
  fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((text) => text.length <= 92), fc.uuid()).map(([text, uuid]) => `${text}${uuid}`),
);
const time = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
/** CloudEvents extension attributes; `constructor` and `prototype` are refused like `__proto__` (protocol/envelope.ts). */
const RESERVED_NAMES = ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'dataschema', 'subject', 'data', ...PROTO_KEYS];
const extensions = fc.dictionary(fc.stringMatching(/^[a-z0-9]{1,20}$/).filter((name) => !RESERVED_NAMES.includes(name)),
  fc.oneof(fc.string({ maxLength: 256 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxKeys: 3 });

/** The data of each device event type, from its schema's domain. */
function dataOf(world: FuzzWorld): Record<string, { kind: string; sourceKinds: readonly string[]; data: fc.Arbitrary<Record<string, unknown>> }> {
  const zoneId = fc.constantFrom(...world.zones);
  return {
    'tp.queue.observed': {
      kind: 'queue', sourceKinds: ['edge'],
      data: fc.record({ zoneId, count: tally, waitEstimateS: fc.option(seconds, { nil: null }), confidence: fraction, windowS: fc.double({ min: 0.001, max: 3600, noNaN: true }) }),
    },
    'tp.distress.detected': {
      kind: 'distress', sourceKinds: ['edge', 'kiosk'],
      // negative-affect depends on the zone's announced expression analysis: its own test covers it.
      data: fc.record({ zoneId, kind: fc.constantFrom(...DISTRESS_KINDS.filter((kind) => kind !== 'negative-affect')), severity: fc.constantFrom(...SEVERITIES), confidence: fraction, durationS: seconds }),
    },
    'tp.kiosk.session': {
      kind: 'kiosk', sourceKinds: ['kiosk', 'edge'],
      data: fc.record(
        { zoneId, kioskId: slug, sessionId: fc.uuid(), task: fc.constantFrom(...KIOSK_TASKS), outcome: fc.constantFrom(...KIOSK_OUTCOMES), durationS: seconds, steps: tally, errors: tally },
        { requiredKeys: ['zoneId', 'sessionId', 'task', 'outcome', 'durationS'] },
      ),
    },
    'tp.edge.status': {
      kind: 'status', sourceKinds: ['edge', 'kiosk'],
      data: fc.record(
        {
          online: fc.boolean(),
          version: fc.string({ maxLength: 64 }),
          uptimeS: seconds,
          backend: fc.constantFrom('wasm', 'tensorflow', 'cpu'),
          cameras: fc.array(fc.record({ cameraId: slug, state: fc.constantFrom(...CAMERA_STATES), fps: fc.double({ min: 0, max: 1000, noNaN: true }), restarts: tally, error: fc.string({ maxLength: 500 }) }, { requiredKeys: ['cameraId', 'state'] }), { maxLength: 4 }),
          outbox: fc.record({ queued: fc.nat(), dropped: fc.nat() }),
        },
        { requiredKeys: ['online'] },
      ),
    },
  };
}

/** A valid event the device may send: any type its kind may publish, data from the schema's domain. */
export function validEvent(world: FuzzWorld): fc.Arbitrary<ValidEvent> {
  const { source } = world;
  const types = Object.entries(dataOf(world)).filter(([, spec]) => spec.sourceKinds.includes(source.sourceKind));
  return fc.oneof(...types.map(([type, spec]) =>
    fc.record({ id: eventId, time, data: spec.data, extra: extensions, withContentType: fc.boolean() }).map(({ id, time: at, data, extra, withContentType }) => ({
      topic: topicOf(source, spec.kind),
      json: {
        ...extra, specversion: '1.0', id, source: `/${source.branchId}/${source.sourceKind}/${source.sourceId}`, type, time: at,
        ...(withContentType ? { datacontenttype: 'application/json' } : {}), data,
      },
    }))));
}

/** A valid event as a message the hub must store. */
export const storedMessage = (event: ValidEvent): FuzzMessage => ({ what: `valid ${event.json.type}`, topic: event.topic, payload: bytes(JSON.stringify(event.json)), expect: { outcome: 'stored', event: event.json } });
/** A refused message; a payload over the limit is refused as oversize before anything else is read. */
function dead(what: string, topic: string, payload: Uint8Array | string, reason: DeadLetterReason | null): FuzzMessage {
  const raw = typeof payload === 'string' ? bytes(payload) : payload;
  return { what, topic, payload: raw, expect: { outcome: 'dead-lettered', reason: raw.byteLength > MAX_PAYLOAD_BYTES ? 'oversize' : reason } };
}
const withJson = (event: ValidEvent, change: (json: Record<string, unknown>) => Record<string, unknown>) => JSON.stringify(change(structuredClone(event.json)));

/** A valid event with one defect, and the reason the hub must give. */
export function defectiveEvent(world: FuzzWorld): fc.Arbitrary<FuzzMessage> {
  const { source } = world;
  return fc.tuple(validEvent(world), fc.nat()).chain(([event, pick]) => {
    const text = JSON.stringify(event.json);
    const base = `tp/v1/${source.branchId}/${source.sourceKind}/${source.sourceId}`;
    const kind = event.topic.split('/').pop()!;
    const defects: fc.Arbitrary<FuzzMessage>[] = [
      fc.constantFrom(`${event.topic}/extra`, `${base}/photo`, `${base}/QUEUE`, `tp/v2/${source.branchId}/${source.sourceKind}/${source.sourceId}/${kind}`, `tp/v1/${source.branchId}/${source.sourceKind}/${'x'.repeat(64)}/${kind}`, `tp/v1/${source.branchId}/camera/${source.sourceId}/${kind}`, '', '/', `${base}/+`)
        .map((topic) => dead('bad topic', topic, text, 'bad-topic')),
      fc.integer({ min: 0, max: text.length }).chain((at) => fc.constantFrom(...INVALID_UTF8).map((bad) =>
        dead('invalid UTF-8', event.topic, new Uint8Array([...Buffer.from(text.slice(0, at)), ...bad, ...Buffer.from(text.slice(at))]), 'bad-json'))),
      fc.integer({ min: 1, max: text.length - 1 }).map((at) => dead('truncated JSON', event.topic, text.slice(0, at), 'bad-json')),
      fc.constantFrom('null', '[]', '"event"', '42', 'true', '[{"specversion":"1.0"}]').map((json) => dead('not an object', event.topic, json, 'bad-envelope')),
      fc.constantFrom('specversion', 'id', 'source', 'type', 'time').map((field) => dead(`no ${field}`, event.topic, withJson(event, ({ [field]: _gone, ...rest }) => rest), 'bad-envelope')),
      fc.tuple(fc.constantFrom('specversion', 'id', 'time', 'datacontenttype'), hostileJson).filter(([, value]) => typeof value !== 'string' || value.length > 128)
        .map(([field, value]) => dead(`${field} of the wrong type`, event.topic, withJson(event, (json) => ({ ...json, [field]: value })), 'bad-envelope')),
      fc.constantFrom('\ud800', `x${'🙂'.slice(0, 1)}`, '\udfff-1').map((id) => dead('an id with a lone surrogate', event.topic, withJson(event, (json) => ({ ...json, id })), 'bad-envelope')),
      fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-11-22 09:30:00', '+275760-09-13T00:00:00.000Z', '').map((at) => dead('a bad time', event.topic, withJson(event, (json) => ({ ...json, time: at })), 'bad-envelope')),
      fc.constantFrom(...PROTO_KEYS).chain((key) => fc.constantFrom('root', 'data').map((where) => dead(`${key} key in ${where}`, event.topic,
        where === 'root' ? `{"${key}":{"polluted":true},${text.slice(1)}` : text.replace('"data":{', `"data":{"${key}":{"polluted":true},`), 'bad-envelope'))),
      fc.constantFrom('Bad_Name', 'x'.repeat(21), 'ünïcode', 'a b').map((name) => dead('a bad extension name', event.topic, withJson(event, (json) => ({ ...json, [name]: 1 })), 'bad-envelope')),
      fc.constantFrom('tp.photo.taken', 'tp.queue.observed.v2', SQL_LOOKING[1]!)
        .map((type) => dead('an unknown type', event.topic, withJson(event, (json) => ({ ...json, type })), 'unknown-type')),
      fc.constant(dead('another kind on this topic', event.topic.replace(/\/[a-z]+$/, kind === 'status' ? '/queue' : '/status'), text, 'wrong-type')),
      fc.constantFrom('/b001/edge/other-cam', `/${source.branchId}/${source.sourceKind}/${source.sourceId}/`, SQL_LOOKING[0]!)
        .map((uri) => dead('a wrong source', event.topic, withJson(event, (json) => ({ ...json, source: uri })), 'wrong-source')),
      fc.tuple(fc.constantFrom('zoneId', 'count', 'confidence', 'online', 'durationS', 'kind'), plainHostileJson)
        .map(([field, value]) => dead(`data.${field} hostile`, event.topic, withJson(event, (json) => ({ ...json, data: { ...(json.data as object), [field]: value, faceImage: 'base64…' } })), 'bad-data')),
      fc.integer({ min: 1000, max: 30_000 }).map((depth) => dead(`data nested ${depth} deep`, event.topic, text.replace(/"data":\{.*\}\}$/, `"data":${deeplyNested(depth, 'array')}}`), 'bad-data')),
      fc.integer({ min: 1000, max: 30_000 }).map((depth) => dead(`envelope nested ${depth} deep`, event.topic, deeplyNested(depth, 'object'), 'bad-envelope')),
      hostileString.filter((zone) => !/^[a-z0-9][a-z0-9-]{0,62}$/.test(zone)).map((zone) =>
        dead('a zone that is no id', event.topic, withJson(event, (json) => ({ ...json, data: { ...(json.data as object), zoneId: zone } })), 'bad-data')),
      fc.constant(dead('an oversize payload', event.topic, text.padEnd(MAX_PAYLOAD_BYTES + 1, ' '), 'oversize')),
    ];
    if ('zoneId' in event.json.data) {
      defects.push(fc.constantFrom('roof', 'vault', 'teller-line-2').map((zone) => dead('an unknown zone', event.topic, withJson(event, (json) => ({ ...json, data: { ...(json.data as object), zoneId: zone } })), 'unknown-zone')));
    }
    defects.push(fc.constant(dead('another branch', event.topic.replace(`/${source.branchId}/`, '/b999/'), withJson(event, (json) => ({ ...json, source: `/b999/${source.sourceKind}/${source.sourceId}` })), 'unknown-branch')));
    return defects[pick % defects.length]!;
  });
}

/** Bytes and topics that mean nothing; the reason is whatever check fails first. */
export function noise(world: FuzzWorld): fc.Arbitrary<FuzzMessage> {
  const { source } = world;
  const topic = fc.oneof(fc.constant(topicOf(source, 'queue')), fc.constant(topicOf(source, 'status')), fc.string({ maxLength: 80 }));
  const payload = fc.oneof(
    fc.uint8Array({ maxLength: 512 }),
    fc.string({ unit: 'binary', maxLength: 200 }).map(bytes),
    hostileJson.map((value) => bytes(JSON.stringify(value) ?? 'null')),
  );
  return fc.tuple(topic, payload).map(([t, p]) => dead('noise', t, p, null));
}

