import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { authPlugin } from '../api/auth-plugin.ts';
import { installErrorHandler } from '../api/errors.ts';
import { uiStatic } from './ui-static.ts';

const SCRIPT = 'console.log("kiosk");'.repeat(100);
let app: FastifyInstance;
let dir: { path: string; remove(): void };

async function serve(build: boolean): Promise<FastifyInstance> {
  dir = tempDir();
  if (build) {
    for (const page of ['kiosk', 'display', 'counter', 'ticket', 'privacy']) {
      mkdirSync(path.join(dir.path, page));
      writeFileSync(path.join(dir.path, page, 'index.html'), `<!doctype html><title>${page}</title>`);
    }
    mkdirSync(path.join(dir.path, 'assets'));
    writeFileSync(path.join(dir.path, 'assets/kiosk-AbC123.js'), SCRIPT);
    writeFileSync(path.join(dir.path, 'assets/kiosk-AbC123.js.gz'), gzipSync(SCRIPT));
    mkdirSync(path.join(dir.path, 'kb'));
    writeFileSync(path.join(dir.path, 'kb/lost-card.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  }
  app = Fastify();
  installErrorHandler(app);
  // The auth plugin refuses any route that does not declare its roles: the screens must.
  await app.register(authPlugin, { resolveToken: async () => null });
  await app.register(uiStatic, { root: build ? dir.path : path.join(dir.path, 'missing') });
  await app.ready();
  return app;
}

afterEach(async () => {
  await app?.close();
  dir?.remove();
});

describe('the screens served by the hub', () => {
  it('serves each page as HTML that is revalidated every time, with a strict content policy', async () => {
    await serve(true);
    for (const page of ['kiosk', 'display', 'counter', 'ticket', 'privacy']) {
      const response = await app.inject(`/${page}/`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.body).toContain(`<title>${page}</title>`);
    }
  });

  it('caches hashed assets for a year and sends them compressed when the browser accepts it', async () => {
    await serve(true);
    const plain = await app.inject('/assets/kiosk-AbC123.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(SCRIPT);
    const compressed = await app.inject({ url: '/assets/kiosk-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(Number(compressed.headers['content-length'])).toBeLessThan(SCRIPT.length);
  });

  it('serves the self-help illustrations as images that cannot run anything', async () => {
    await serve(true);
    const response = await app.inject('/kb/lost-card.svg');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('sends / to the kiosk and a page without its slash to the page, keeping the query', async () => {
    await serve(true);
    expect((await app.inject('/')).headers.location).toBe('/kiosk/');
    const redirect = await app.inject('/ticket?code=abc');
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/ticket/?code=abc');
  });

  it('serves nothing outside the build', async () => {
    await serve(true);
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
    expect((await app.inject('/assets/..%2f..%2fpackage.json')).statusCode).toBeGreaterThanOrEqual(400);
    expect((await app.inject('/assets/../kiosk/index.html')).statusCode).not.toBe(200);
  });

  it('says how to build the screens when they are not built', async () => {
    await serve(false);
    const response = await app.inject('/kiosk/');
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build:ui');
  });
});
