/** The experience log and the dead letters, filtered and paginated (newest first). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instant } from '../instant.ts';
import { EVENT_TYPE_NAMES } from '../../../protocol/events.ts';
import { DEAD_LETTER_REASONS } from '../../../protocol/envelope.ts';
import { isWellFormed } from '../../../protocol/text.ts';
import type { RouteOptions } from '../app.ts';

const page = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  from: instant.optional().describe('inclusive'),
  to: instant.optional().describe('exclusive'),
};

/** Cursor = the last row's sort key, so pages stay stable while new rows arrive. */
function encodeCursor(time: Date, id: string | number): string {
  return Buffer.from(JSON.stringify([time.toISOString(), id])).toString('base64url');
}
/** The cursor's sort key, or null unless it is one encodeCursor could have made (a date the database holds, an event id or a row number). */
function decodeCursor(cursor: string): { time: Date; id: string | number } | null {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string') return null;
  const [time, id] = key as [string, unknown];
  const date = new Date(time);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) return null;
  const validId = (typeof id === 'string' && id.length <= 128 && isWellFormed(id)) || (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0);
  return validId ? { time: date, id } : null;
}

function timeRange(from?: string, to?: string) {
  return from || to ? { ...(from ? { gte: new Date(from) } : {}), ...(to ? { lt: new Date(to) } : {}) } : undefined;
}

const badCursor = { error: 'Bad Request', message: 'cursor is not one this API returned' };

export const logRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.get('/events', {
    config: { roles: ['admin', 'floor', 'hq'] },
    schema: {
      summary: 'Accepted events, newest first',
      querystring: z.strictObject({
        ...page,
        type: z.enum(EVENT_TYPE_NAMES as [string, ...string[]]).optional(),
        zoneId: z.string().max(63).optional(),
        sourceId: z.string().max(63).optional(),
      }),
    },
  }, async (request, reply) => {
    const { limit, cursor, from, to, type, zoneId, sourceId } = request.query;
    const after = cursor ? decodeCursor(cursor) : null;
    if (cursor && !after) return reply.code(400).send(badCursor);
    const rows = await deps.db.event.findMany({
      where: {
        branchId: deps.directory.branchId,
        ...(type ? { type } : {}),
        ...(zoneId ? { zoneId } : {}),
        ...(sourceId ? { sourceId } : {}),
        time: timeRange(from, to),
        ...(after ? { OR: [{ time: { lt: after.time } }, { time: after.time, id: { lt: String(after.id) } }] } : {}),
      },
      orderBy: [{ time: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      type: row.type,
      source: `/${row.branchId}/${row.sourceKind}/${row.sourceId}`,
      zoneId: row.zoneId,
      time: row.time.toISOString(),
      receivedAt: row.receivedAt.toISOString(),
      data: JSON.parse(row.data) as unknown,
    }));
    const last = rows[limit - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.time, last.id) : null };
  });

  app.get('/dead-letters', {
    config: { roles: ['admin'] },
    schema: {
      summary: 'Refused messages with the reason, newest first',
      querystring: z.strictObject({ ...page, reason: z.enum(DEAD_LETTER_REASONS).optional() }),
    },
  }, async (request, reply) => {
    const { limit, cursor, from, to, reason } = request.query;
    const after = cursor ? decodeCursor(cursor) : null;
    if (cursor && (!after || typeof after.id !== 'number')) return reply.code(400).send(badCursor);
    const rows = await deps.db.deadLetter.findMany({
      where: { ...(reason ? { reason } : {}), receivedAt: timeRange(from, to), ...(after ? { id: { lt: after.id as number } } : {}) },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const last = rows[limit - 1];
    return {
      items: rows.slice(0, limit).map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    };
  });
};
