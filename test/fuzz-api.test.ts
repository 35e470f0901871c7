/**
 * Property-based fuzzing of every route of a real in-process hub (HUB_ROLE=branch+hq). The routes
 * are enumerated as fastify registers them (`onRoute`, with their `config.roles` and zod schemas);
 * each gets requests from a caller it admits, with bodies, query strings, path parameters and
 * headers that are shaped by its schema, or hostile, or not JSON at all. Properties: never a 5xx;
 * every 4xx is JSON with a human-readable `message`; a refused change leaves the database as it
 * was; the hub stays up. Bounded for `npm test`; see test/helpers/fuzz.ts to replay or go further.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { wellFormedPrefix } from '../protocol/text.ts';
import { openDigest } from './helpers/db-digest.ts';
import { deeplyNested, fuzzParameters, hostileJson, hostileString, INVALID_UTF8, SQL_LOOKING } from './helpers/fuzz.ts';
import { ADMIN_TOKEN, startTestHub } from './helpers/in-process-hub.ts';
import { arbitraryOf, KNOWN_IDS, type JsonSchema } from './helpers/json-schema-arbitrary.ts';

interface RegisteredRoute {
  method: string;
  url: string;
  roles: readonly string[] | 'public' | undefined;
  schema: { body?: z.ZodType; querystring?: z.ZodType; params?: z.ZodType } | undefined;
}

// Every route as fastify registers it: the hub's own `onRoute` view, without a hook in its code.
const registered = vi.hoisted(() => [] as RegisteredRoute[]);
vi.mock('fastify', async (importOriginal) => {
  const fastify = (await importOriginal()) as { default: (...args: unknown[]) => { addHook(name: 'onRoute', hook: (route: RegisteredRoute & { config?: { roles?: RegisteredRoute['roles'] } }) => void): void } };
  const withCatalogue = (...args: unknown[]) => {
    const app = fastify.default(...args);
    app.addHook('onRoute', (route) => void registered.push({ method: String(route.method), url: route.url, roles: route.config?.roles, schema: route.schema }));
    return app;
  };
  return { ...fastify, default: withCatalogue };
});

const RUNS_PER_ROUTE = 40;
/** Tables that change on their own: the experience hours and, in-process, what HQ receives of them. */
const BACKGROUND = ['ExperienceHour', 'HqBranch', 'HqHour', 'HqDay'];
/** Refusals that are audited by design: denied access, and failed or throttled logins. */
const auditedRefusal = (url: string, status: number) => status === 401 || status === 403 || url.startsWith('/api/v1/auth/login');

// The hub's clock stands still: no dispatch offer a fuzzed request left open expires, and no lasting
// condition matures, in the middle of another route's request (those would change tables on their own).
const STILL = Date.now();
const hub = await startTestHub({}, { now: () => STILL });
const digest = openDigest(hub.dataDir);
/** Answers per route and status; TP_FUZZ_REPORT=1 prints them, to see how deep the requests got. */
const answered = new Map<string, Map<number, number>>();
afterAll(async () => {
  if (process.env.TP_FUZZ_REPORT) for (const [route, statuses] of answered) console.log(route, JSON.stringify(Object.fromEntries(statuses)));
  digest.close();
  await hub.close();
});

const login = async (username: string, password: string) => (await hub.inject('POST', '/api/v1/auth/login', { token: null, body: { username, password } })).body!.token as string;
const device = async (kind: string, sourceId: string) => (await hub.inject('POST', '/api/v1/devices', { body: { kind, sourceId, name: `fuzz ${kind}` } })).body!.mqtt.password as string;
const tokens: Record<string, string> = {
  admin: ADMIN_TOKEN,
  floor: await login('floor', 'touchpoint-floor'),
  staff: await login('wang', 'touchpoint-staff'),
  hq: await login('hq-analyst', 'touchpoint-hq'),
  kiosk: await device('kiosk', 'kiosk-fuzz'),
  edge: await device('edge', 'cam-fuzz'),
};

const routes = registered.filter((route) => route.method !== 'HEAD' && (route.url.startsWith('/api/') || ['/healthz', '/metrics'].includes(route.url)));

/** A token of a role the route admits (none for a public route). */
function callerOf(route: RegisteredRoute): string | null {
  if (route.roles === 'public' || route.roles === undefined) return null;
  const role = ['admin', 'floor', 'staff', 'hq', 'kiosk', 'edge'].find((candidate) => (route.roles as readonly string[]).includes(candidate));
  return role ? tokens[role]! : null;
}

const jsonSchemaOf = (schema: z.ZodType | undefined): JsonSchema | undefined => (schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : undefined);

const BAD_PERCENT = ['%ZZ', '%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '%FF%FE', '..%2F..%2Fetc'];

const pathValue = fc.oneof(
  { arbitrary: fc.constantFrom(...KNOWN_IDS), weight: 3 },
  // A URL cannot carry a lone surrogate: encodeURIComponent refuses one.
  { arbitrary: hostileString.map((value) => encodeURIComponent(wellFormedPrefix(value, 3000))), weight: 2 },
  { arbitrary: fc.constantFrom(...BAD_PERCENT), weight: 1 },
);

function queryOf(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const shaped = fc.oneof(arbitraryOf(schema, 'valid'), arbitraryOf(schema, 'mixed')).map((value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return `q=${encodeURIComponent(JSON.stringify(value) ?? '')}`;
    const params = new URLSearchParams();
    for (const [key, item] of Object.entries(value)) {
      for (const one of Array.isArray(item) ? item : [item]) params.append(key, typeof one === 'string' ? one : JSON.stringify(one) ?? '');
    }
    return params.toString();
  });
  const raw = fc.constantFrom(
    ...BAD_PERCENT.map((bad) => `limit=${bad}`), 'limit=NaN', 'limit=Infinity', 'limit=1e309', 'limit=-1', 'limit=1&limit=2', 'from=0000-00-00T00:00:00Z', 'from=%2B275760-09-13T00:00:00Z',
    'date=9999-12-31', 'date=0000-01-01', 'from=9999-12-31T23:59:59-14:00', 'to=0000-01-01T00:00:00%2B14:00', 'from=0001-01-01&to=0001-01-05', 'from=2999-12-25&to=2999-12-31', 'from=9999-12-31&to=0001-01-01', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', `q=${'x'.repeat(5000)}`, '&&&===', 'a[b][c][d]=1',
    `cursor=${Buffer.from('[1e308,1.5]').toString('base64url')}`, `cursor=${Buffer.from('["2026-01-01T00:00:00Z",1e308]').toString('base64url')}`, `cursor=${Buffer.from('null').toString('base64url')}`,
    `cursor=${Buffer.from('["+275760-09-13T00:00:00Z","x"]').toString('base64url')}`,
  );
  return fc.oneof(shaped, raw, fc.constant(''));
}

interface Body {
  payload: string | Buffer;
  contentType: string | null;
}

function bodyOf(schema: JsonSchema | undefined): fc.Arbitrary<Body | null> {
  const json = (value: unknown): Body => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' });
  const raw = (payload: string | Buffer, contentType: string | null = 'application/json'): Body => ({ payload, contentType });
  return fc.oneof(
    { arbitrary: arbitraryOf(schema, 'valid').map(json), weight: 4 },
    { arbitrary: arbitraryOf(schema, 'mixed').map(json), weight: 4 },
    { arbitrary: hostileJson.map(json), weight: 2 },
    { arbitrary: fc.constant(null), weight: 1 },
    {
      arbitrary: fc.oneof(
        fc.constantFrom('{', '{"a":', '[1,]', 'nul', '', '{"a":1}}', "{'a':1}", '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}').map((text) => raw(text)),
        fc.constantFrom(...SQL_LOOKING).map((text) => raw(JSON.stringify({ id: text, serviceId: text, username: text, name: text, q: text }))),
        fc.integer({ min: 1000, max: 30_000 }).chain((depth) => fc.constantFrom(raw(deeplyNested(depth, 'array')), raw(deeplyNested(depth, 'object')))),
        fc.constant(raw(JSON.stringify({ comment: 'x'.repeat(300 * 1024) }))),
        fc.constantFrom(...INVALID_UTF8).map((bad) => raw(Buffer.concat([Buffer.from('{"comment":"'), Buffer.from(bad), Buffer.from('","csat":3,"language":"en"}')]))),
        fc.constantFrom('{"comment":"\\ud800","csat":3,"language":"en"}', '{"\\udfff":1}', '{"name":"x\\udc00","id":"lone","username":"\\ud83d"}').map((text) => raw(text)),
        arbitraryOf(schema, 'valid').chain((value) => fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', null)
          .map((type) => raw(JSON.stringify(value) ?? '', type))),
      ),
      weight: 3,
    },
  );
}

const headerValue = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }).map((value) => value.replace(/[^\x20-\x7e]/g, 'x')), fc.constantFrom('x'.repeat(8000), ...SQL_LOOKING));

function requestOf(route: RegisteredRoute) {
  const params = (route.url.match(/:[A-Za-z]+/g) ?? []).map(() => pathValue);
  const hasBody = !['GET', 'DELETE'].includes(route.method);
  return fc.record({
    params: fc.tuple(...params),
    query: queryOf(jsonSchemaOf(route.schema?.querystring)),
    body: hasBody ? bodyOf(jsonSchemaOf(route.schema?.body)) : fc.constant(null),
    idempotencyKey: fc.option(headerValue, { nil: undefined }),
    // Mostly a caller the route admits; sometimes none, a device or admin it may not admit, or garbage
    // (never a person's session: a fuzzed logout would end it for the routes after).
    token: fc.oneof({ arbitrary: fc.constant('admitted' as const), weight: 8 }, { arbitrary: fc.constantFrom(null, 'garbage-token', tokens.admin!, tokens.kiosk!, tokens.edge!, `x${'y'.repeat(5000)}`), weight: 1 }),
  });
}

describe('every route under fuzzing', () => {
  it('covers the API', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.every((route) => route.roles !== undefined)).toBe(true);
  });

  it.each(routes.map((route) => [`${route.method} ${route.url}`, route] as const))('%s: never 5xx, every 4xx explained, a refused change changes nothing', async (_name, route) => {
    const admitted = callerOf(route);
    await fc.assert(
      fc.asyncProperty(requestOf(route), async (request) => {
        let index = 0;
        const path = route.url.replace(/:[A-Za-z]+/g, () => String(request.params[index++]));
        const url = request.query ? `${path}?${request.query}` : path;
        const token = request.token === 'admitted' ? admitted : request.token;
        const headers: Record<string, string> = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
        if (request.body?.contentType) headers['content-type'] = request.body.contentType;

        const compare = route.method !== 'GET';
        // What an earlier accepted request set going (a low score's follow-up alert, then its dispatch) lands first.
        if (compare) await hub.settled();
        const before = compare ? digest.digest(BACKGROUND) : null;
        const response = await hub.api.inject({ method: route.method as 'POST', url, headers, ...(request.body ? { payload: request.body.payload } : {}) });
        const what = `${route.method} ${url.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        const statuses = answered.get(`${route.method} ${route.url}`) ?? new Map<number, number>();
        answered.set(`${route.method} ${route.url}`, statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1));

        expect(response.statusCode, what).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(String(response.headers['content-type']), what).toMatch(/^application\/json/);
          const body = response.json() as { message?: unknown };
          expect(typeof body.message === 'string' && body.message.trim().length > 0, what).toBe(true);
          if (before) {
            const changed = digest.changed(before, digest.digest(BACKGROUND)).filter((table) => !(table === 'AuditLog' && auditedRefusal(url, response.statusCode)));
            expect(changed, `tables changed by a refused ${what}`).toEqual([]);
          }
        }
      }),
      fuzzParameters(RUNS_PER_ROUTE),
    );
  }, 120_000);

  it('is still up, and nothing polluted Object.prototype', async () => {
    expect((await hub.inject('GET', '/healthz')).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});
