/**
 * The kiosk telemetry HTTP adapter: `POST /kiosk/v1/{kioskId}/interactions` with
 * `{ interactions: [...] }` (protocol/kiosk-telemetry.ts). It checks the request and hands the batch
 * over; it analyses nothing. Answers: 202 taken; 400 with every problem; 403 a browser page from an
 * origin that may not post; 404 a kiosk this node does not watch (or another path); 405 another
 * method; 413 a body over 64 KiB; 415 a body that is neither JSON nor text/plain JSON (what
 * `navigator.sendBeacon` sends). OPTIONS answers the CORS preflight.
 *
 * The app never listens: the service does, and tests use `inject`.
 */
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { kioskInteractionBatch, type KioskInteraction } from '../../protocol/kiosk-telemetry.ts';
import type { Logger } from '../logger.ts';
import { corsHeaders, PREFLIGHT_HEADERS } from './cors.ts';

/** 200 interactions of a few hundred bytes each fit with room to spare. */
export const MAX_BODY_BYTES = 64 * 1024;
const ROUTE = '/kiosk/v1/:kioskId/interactions';

export interface TelemetryServerOptions {
  kioskIds: readonly string[];
  allowedOrigins: readonly string[];
  log: Logger;
  /** Takes a valid batch; resolves once its events are safe in the outbox. */
  onInteractions(kioskId: string, interactions: KioskInteraction[]): Promise<void>;
}

function fail(reply: FastifyReply, statusCode: number, message: string, problems?: string[]): FastifyReply {
  return reply.code(statusCode).send({ error: STATUS_CODES[statusCode], message, ...(problems ? { problems } : {}) });
}

export function buildTelemetryServer(options: TelemetryServerOptions): FastifyInstance {
  const kioskIds = new Set(options.kioskIds);
  // At warn or quieter: a kiosk posts every few seconds, and fastify logs each request at info.
  const level = options.log.levelVal > options.log.levels.values.warn! ? options.log.level : 'warn';
  const app = Fastify({ loggerInstance: options.log.child({}, { level }) as FastifyBaseLogger, bodyLimit: MAX_BODY_BYTES });
  // sendBeacon cannot send application/json across origins without a preflight; it sends text/plain.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const headers = corsHeaders(origin, options.allowedOrigins);
    if (!headers) return fail(reply, 403, `pages from ${origin} may not post kiosk telemetry to this node`);
    reply.headers(headers);
  });

  app.options(ROUTE, async (_request, reply) => reply.code(204).headers(PREFLIGHT_HEADERS).send());

  app.post<{ Params: { kioskId: string } }>(ROUTE, async (request, reply) => {
    const { kioskId } = request.params;
    if (!kioskIds.has(kioskId)) return fail(reply, 404, `kiosk ${kioskId} is not watched by this edge node`);
    const parsed = kioskInteractionBatch.safeParse(request.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
      return fail(reply, 400, `invalid interactions: ${problems.join('; ')}`, problems);
    }
    await options.onInteractions(kioskId, parsed.data.interactions);
    return reply.code(202).send({ accepted: parsed.data.interactions.length });
  });

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: ROUTE,
    handler: async (request, reply) => fail(reply.header('allow', 'POST, OPTIONS'), 405, `${request.method} is not allowed here; post the interactions`),
  });

  app.setNotFoundHandler((request, reply) => fail(reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode === 413) return fail(reply, 413, `a post may be at most ${MAX_BODY_BYTES / 1024} KiB; send fewer interactions at a time`);
    if (statusCode < 500) return fail(reply, statusCode, error.message);
    request.log.error({ err: error, url: request.url }, 'kiosk telemetry request failed');
    return fail(reply, 500, 'the edge node could not take the interactions; see its log');
  });
  return app;
}
