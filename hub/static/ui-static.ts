/**
 * Serves the screens built from kiosk-ui/ (`npm run build:ui` → kiosk-ui/dist): each page at
 * `/<page>/`, their hashed assets at `/assets/`, the self-help illustrations at `/kb/`, and
 * `/` → `/kiosk/`. Pages are HTML that must
 * never be cached stale (`no-cache`: revalidate every time); assets carry a content hash in
 * their name, so they are cached for a year. Pre-compressed `.br`/`.gz` files are used when
 * the browser accepts them. All public: the screens ask for credentials themselves.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { UI_DIST_DIR, UI_PAGES } from '../../kiosk-ui/pages.ts';

export const DEFAULT_UI_ROOT = path.resolve(import.meta.dirname, '../..', UI_DIST_DIR);

export interface UiStaticOptions {
  /** The built screens; kiosk-ui/dist by default. */
  root?: string;
}

const PUBLIC = { roles: 'public' } as const;
const HIDDEN = { hide: true };
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Scripts and styles only from the hub itself. Requests may go elsewhere: the kiosk posts its
 * telemetry to its edge node, which is another host on the branch network.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function notBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('cache-control', 'no-store')
    .type('text/plain; charset=utf-8')
    .send('The screens are not built yet. Run `npm run build:ui` in the hub\'s directory (npm install and npm start do it), then reload.\n界面尚未构建，请在服务器目录运行 `npm run build:ui` 后刷新。\n');
}

export const uiStatic: FastifyPluginAsync<UiStaticOptions> = async (app, options) => {
  const root = options.root ?? DEFAULT_UI_ROOT;
  if (!existsSync(root)) app.log.warn({ root }, 'the screens are not built: run `npm run build:ui`');
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true, suppressWarning: true });

  app.get('/', { config: PUBLIC, schema: HIDDEN }, (_request, reply) => reply.redirect('/kiosk/', 302));

  for (const page of UI_PAGES) {
    const file = `${page}/index.html`;
    app.get(`/${page}`, { config: PUBLIC, schema: HIDDEN }, (request, reply) => {
      const query = request.url.indexOf('?');
      return reply.redirect(`/${page}/${query >= 0 ? request.url.slice(query) : ''}`, 301);
    });
    app.get(`/${page}/`, { config: PUBLIC, schema: HIDDEN }, (_request, reply) => {
      if (!existsSync(path.join(root, file))) return notBuilt(reply);
      return reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        // The ticket page's URL holds its secret code: never send it on as a referrer.
        .header('referrer-policy', 'no-referrer')
        .sendFile(file, { cacheControl: false });
    });
  }

  // Self-help illustrations (kiosk-ui/public/kb): fixed names, so revalidated like pages. An SVG
  // opened on its own must not run anything.
  app.get('/kb/*', { config: PUBLIC, schema: HIDDEN }, (request, reply) => {
    const image = (request.params as { '*': string })['*'];
    return reply
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .sendFile(`kb/${image}`, { cacheControl: false });
  });

  app.get('/assets/*', { config: PUBLIC, schema: HIDDEN }, (request, reply) => {
    const asset = (request.params as { '*': string })['*'];
    return reply.header('x-content-type-options', 'nosniff').sendFile(`assets/${asset}`, { maxAge: ONE_YEAR_MS, immutable: true });
  });
};
