import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { deeplyNested } from '../../test/helpers/fuzz.ts';
import { installErrorHandler } from './errors.ts';
import { illFormedTextAt, installJsonBodyParser } from './json-body.ts';

async function echo() {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  installJsonBodyParser(app);
  app.post('/echo', async (request) => ({ comment: (request.body as { comment?: unknown }).comment ?? null }));
  await app.ready();
  return app;
}

describe('JSON bodies', () => {
  it('finds the first string or key that is not valid Unicode, however deep', () => {
    expect(illFormedTextAt({ a: ['ok', { b: 'x\ud800' }] })).toBe('a[1].b');
    expect(illFormedTextAt({ ['k\udc00']: 1 })).toBe('k\udc00');
    expect(illFormedTextAt({ name: '排队 🙂', n: 1, list: [null, true] })).toBeNull();
    expect(illFormedTextAt(JSON.parse(deeplyNested(100_000, 'array', '"\\ud800"')))).toMatch(/^\[0\]/);
  });

  it('refuses a lone surrogate with 400 and says where, and keeps fastify\'s own checks', async () => {
    const app = await echo();
    const post = (payload: string) => app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });
    expect((await post('{"comment":"fine 🙂"}')).json()).toEqual({ comment: 'fine 🙂' });
    const refused = await post('{"comment":"\\ud83d"}');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('invalid body: comment: text must be valid Unicode (it holds a lone surrogate)');
    expect((await post('{"__proto__":{"polluted":true}}')).statusCode).toBe(400);
    expect((await post('{"a":')).statusCode).toBe(400);
    expect((await post(deeplyNested(50_000, 'object'))).json()).toEqual({ comment: null });
    await app.close();
  });
});
