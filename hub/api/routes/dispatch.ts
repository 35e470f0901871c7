/**
 * Dispatches: the person offered one answers it and reports progress; the floor reassigns or
 * cancels. Contract: hub/dispatch/README.md.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import { dispatchSchema } from '../../dispatch/schemas.ts';
import { caller } from '../auth-plugin.ts';
import { HttpError } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const params = z.object({ id: z.string().min(1).max(64).describe('dispatch id') });
const PERSON = { roles: ['floor', 'staff'] } as const;
const FLOOR = { roles: ['admin', 'floor'] } as const;

export const dispatchRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const { dispatch } = deps;
  const me = async (request: FastifyRequest) => {
    const staffId = await dispatch.roster.staffIdOf(caller(request));
    if (!staffId) throw new HttpError(403, 'your login is not linked to a staff member; ask an admin to link it');
    return staffId;
  };

  app.get('/dispatches/mine', {
    config: PERSON,
    schema: { summary: 'The dispatches offered to me or held by me, oldest first', tags: ['dispatch'], response: { 200: z.array(dispatchSchema) } },
  }, async (request) => dispatch.mine(await me(request)));

  const answers = { accept: 'Take the dispatch offered to me', decline: 'Decline it: it goes to the next person', arrived: 'I am with the customer' } as const;
  for (const [action, summary] of Object.entries(answers) as [keyof typeof answers, string][]) {
    app.post(`/dispatches/:id/${action}`, {
      config: PERSON,
      schema: { summary, tags: ['dispatch'], params, response: { 200: dispatchSchema } },
    }, async (request) => dispatch[action](request.params.id, await me(request)));
  }

  app.post('/dispatches/:id/resolve', {
    config: PERSON,
    schema: {
      summary: 'Done: say what you found or did; the alert is resolved',
      tags: ['dispatch'], params, body: z.strictObject({ outcome: z.string().trim().min(1).max(500) }), response: { 200: dispatchSchema },
    },
  }, async (request) => dispatch.resolve(request.params.id, await me(request), request.body.outcome));

  app.post('/dispatches/:id/reassign', {
    config: FLOOR,
    schema: { summary: 'Offer it to a chosen staff member instead', tags: ['dispatch'], params, body: z.strictObject({ staffId: id }), response: { 200: dispatchSchema } },
  }, async (request) => {
    const view = await dispatch.reassign(request.params.id, request.body.staffId);
    await deps.audit.record(caller(request).name, 'dispatch.reassign', request.params.id, request.body);
    return view;
  });

  app.post('/dispatches/:id/cancel', {
    config: FLOOR,
    schema: { summary: 'Call the dispatch off', tags: ['dispatch'], params, response: { 200: dispatchSchema } },
  }, async (request) => {
    const view = await dispatch.cancel(request.params.id);
    await deps.audit.record(caller(request).name, 'dispatch.cancel', request.params.id);
    return view;
  });
};
