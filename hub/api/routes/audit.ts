/**
 * The audit log for administrators: logins (and failed and throttled ones), logouts, refused
 * calls, exports, configuration changes and dispatch overrides, newest first, filtered and
 * paginated like /events. Reading it is itself audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instant } from '../instant.ts';
import { caller } from '../auth-plugin.ts';
import type { CoreRouteOptions } from '../app.ts';

const entry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().describe('a username, a device\'s MQTT user name, or token:admin'),
  action: z.string().describe('e.g. login, login.failed, hq.export, zone.update, dispatch.reassign'),
  target: z.string().nullable(),
  detail: z.unknown().nullable(),
});

const query = z.strictObject({
  actor: z.string().min(1).max(100).optional().describe('exactly this actor'),
  action: z.string().min(1).max(100).optional().describe('exactly this action, or a prefix ending in * (login* is login, login.failed and login.throttled)'),
  from: instant.optional().describe('inclusive'),
  to: instant.optional().describe('exclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

/** The cursor is the last row's id: rows only ever get higher ids, so pages stay stable. */
const encodeCursor = (id: number) => Buffer.from(JSON.stringify([id])).toString('base64url');
function decodeCursor(cursor: string): number | null {
  try {
    const [id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    return Number.isSafeInteger(id) ? (id as number) : null;
  } catch {
    return null;
  }
}

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    // Cut at 2000 characters when it was recorded: kept as the text it is.
    return detail;
  }
}

export const auditRoutes: FastifyPluginAsyncZod<CoreRouteOptions> = async (app, { deps }) => {
  app.get('/audit', {
    config: { roles: ['admin'] },
    schema: {
      summary: 'The audit log, newest first',
      tags: ['access'],
      querystring: query,
      response: {
        200: z.object({ items: z.array(entry), nextCursor: z.string().nullable() }),
        400: z.object({ error: z.string(), message: z.string() }),
      },
    },
  }, async (request, reply) => {
    const { actor, action, from, to, limit, cursor } = request.query;
    const before = cursor ? decodeCursor(cursor) : null;
    if (cursor && before === null) return reply.code(400).send({ error: 'Bad Request', message: 'cursor is not one this API returned' });
    const rows = await deps.db.auditLog.findMany({
      where: {
        ...(actor ? { actor } : {}),
        ...(action ? { action: action.endsWith('*') ? { startsWith: action.slice(0, -1) } : action } : {}),
        ...(from || to ? { at: { ...(from ? { gte: new Date(from) } : {}), ...(to ? { lt: new Date(to) } : {}) } } : {}),
        ...(before !== null ? { id: { lt: before } } : {}),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    await deps.audit.record(caller(request).name, 'audit.read', undefined, request.query);
    const last = rows[limit - 1];
    return {
      items: rows.slice(0, limit).map((row) => ({ id: row.id, at: row.at.toISOString(), actor: row.actor, action: row.action, target: row.target, detail: parseDetail(row.detail) })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  });
};
