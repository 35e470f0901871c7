/**
 * Values shaped by a route's JSON Schema (its zod schema, `z.toJSONSchema`), so the API fuzz
 * reaches the handlers and not only the validator: right keys and types, strings that are often
 * ids the demo branch knows, numbers at their bounds — and, in `mixed` mode, a hostile value at
 * any leaf. Refinements are not in the JSON Schema, so many "valid" values are still refused; that
 * is fine, the property is about how.
 */
import fc from 'fast-check';
import { hostileJson, hostileNumber, hostileString } from './fuzz.ts';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

export type Mode = 'valid' | 'mixed';

/** Ids and codes of the demo branch, so some requests name things that exist. */
export const KNOWN_IDS = ['b001', 'teller', 'accounts', 'fx', 'wealth', 'c1', 'c2', 'vip1', 'lobby', 'teller-line', 'kiosk-area', 'back-office', 'kiosk-1', 's-wang', 'lost-card', 'en', 'zh-CN', 'open', 'normal'];

const dates = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
const DAY_MS = 86_400_000;
/** Days around today, where the data and the bookable slots are. */
const nearDay = fc.integer({ min: -400, max: 40 }).map((days) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10));

/** What a field of this name usually holds in the hub's API, so requests get past the validator. */
const HINTS: Record<string, fc.Arbitrary<string>> = {
  serviceId: fc.constantFrom('teller', 'accounts', 'fx', 'wealth', 'closed-service'),
  zoneId: fc.constantFrom('lobby', 'teller-line', 'kiosk-area', 'back-office', 'roof'),
  staffId: fc.constantFrom('s-li', 's-wang', 's-chen', 'nobody'),
  branchId: fc.constantFrom('b001', 'b002', 'b999'),
  kioskId: fc.constantFrom('kiosk-1', 'kiosk-9'),
  from: nearDay,
  to: nearDay,
  date: nearDay,
  start: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 9, max: 16 }), fc.constantFrom('00', '15', '30', '45'))
    .map(([days, hour, minute]) => `${new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:${minute}:00+08:00`),
};

function stringOf(schema: JsonSchema, key: string | undefined): fc.Arbitrary<string> {
  const hint = key ? HINTS[key] : undefined;
  if (schema.format === 'date-time') return fc.oneof(dates.map((date) => date.toISOString()), ...(key === 'start' && hint ? [hint] : []), nearDay.map((day) => `${day}T00:00:00Z`));
  if (hint) return fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: stringOf(schema, undefined), weight: 1 });
  if (schema.format === 'date') return dates.map((date) => date.toISOString().slice(0, 10));
  const bounded = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 200) });
  if (schema.pattern) {
    try {
      return fc.oneof(fc.stringMatching(new RegExp(schema.pattern)), bounded);
    } catch {
      return bounded;
    }
  }
  return fc.oneof(fc.constantFrom(...KNOWN_IDS, new Date().toISOString().slice(0, 10)), bounded);
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
  const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
  const low = Math.max(min, -Number.MAX_SAFE_INTEGER);
  const high = Math.min(max, Number.MAX_SAFE_INTEGER);
  const inside = integer ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) }) : fc.double({ min: low, max: high, noNaN: true });
  return fc.oneof(inside, fc.constantFrom(low, high));
}

/** A value for `schema`; in `mixed` mode any leaf may be hostile instead. */
export function arbitraryOf(schema: JsonSchema | undefined, mode: Mode, depth = 0, key?: string): fc.Arbitrary<unknown> {
  const shaped = shapedBy(schema ?? {}, mode, depth, key);
  return mode === 'mixed' ? fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: fc.oneof(hostileString, hostileNumber, hostileJson), weight: 1 }) : shaped;
}

function shapedBy(schema: JsonSchema, mode: Mode, depth: number, key: string | undefined): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => arbitraryOf(alternative, mode, depth + 1, key)));
  if (schema.allOf?.[0]) return shapedBy(schema.allOf[0], mode, depth, key);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, key);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryOf(schema.items, mode, depth + 1), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object': {
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, value]) => [name, arbitraryOf(value, mode, depth + 1, name)]));
      const record = fc.record(properties, { requiredKeys: schema.required ?? [] });
      if (typeof schema.additionalProperties !== 'object') return record;
      const extra = fc.dictionary(fc.constantFrom(...KNOWN_IDS, 'x'), arbitraryOf(schema.additionalProperties, mode, depth + 1), { maxKeys: 3 });
      return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }));
    }
    default:
      return hostileJson;
  }
}
