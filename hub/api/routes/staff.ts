/**
 * Staff presence and the floor's staff board (hub/dispatch). The staff member CRUD itself is in
 * config.ts; these routes are about who is where and free now.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import { boardEntrySchema, presenceInput } from '../../dispatch/schemas.ts';
import { caller } from '../auth-plugin.ts';
import { HttpError, notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

export const staffRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const { dispatch } = deps;
  const checkZone = (zoneId: string | null | undefined) => {
    if (zoneId && !deps.directory.zone(zoneId)) throw new HttpError(400, `unknown zone ${JSON.stringify(zoneId)}`);
  };

  app.get('/staff/board', {
    config: { roles: ['admin', 'floor'] },
    schema: { summary: 'Every staff member with presence, zone and the dispatch they are offered or hold', tags: ['dispatch'], response: { 200: z.array(boardEntrySchema) } },
  }, () => dispatch.board());

  /** The staff member behind the caller's login; a login without one may not have a presence. */
  const myStaffId = async (request: FastifyRequest) => {
    const staffId = await dispatch.roster.staffIdOf(caller(request));
    if (!staffId) throw new HttpError(403, 'your login is not linked to a staff member; ask an admin to link it');
    return staffId;
  };

  app.get('/staff/me/presence', {
    config: { roles: ['floor', 'staff'] },
    schema: { summary: 'My own presence and zone, as the floor sees it (off-shift until set)', tags: ['dispatch'], response: { 200: boardEntrySchema } },
  }, async (request) => dispatch.boardEntry(await myStaffId(request)));

  app.put('/staff/me/presence', {
    config: { roles: ['floor', 'staff'] },
    schema: { summary: 'Set my own presence (available, busy, break, off-shift) and zone', tags: ['dispatch'], body: presenceInput, response: { 200: boardEntrySchema } },
  }, async (request) => {
    const staffId = await myStaffId(request);
    checkZone(request.body.zoneId);
    return dispatch.setPresence(staffId, request.body.status, request.body.zoneId);
  });

  app.put('/staff/:id/presence', {
    config: { roles: ['admin', 'floor'] },
    schema: { summary: 'Set a staff member\'s presence and zone (floor manager)', tags: ['dispatch'], params: z.object({ id }), body: presenceInput, response: { 200: boardEntrySchema } },
  }, async (request) => {
    if (!(await dispatch.roster.exists(request.params.id))) throw notFound('staff member');
    checkZone(request.body.zoneId);
    const entry = await dispatch.setPresence(request.params.id, request.body.status, request.body.zoneId);
    await deps.audit.record(caller(request).name, 'staff.presence', request.params.id, request.body);
    return entry;
  });
};
