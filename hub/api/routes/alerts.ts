/**
 * Alerts for the floor: the list, one alert with its story (AlertStep) and its dispatch, and the
 * floor manager's acknowledge and resolve.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertStory } from '../../alerts/alert-steps.ts';
import { alertStateSchema } from '../../alerts/alert-view.ts';
import { caller } from '../auth-plugin.ts';
import { notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const params = z.object({ id: z.string().max(64) });
const iso = (date: Date | null) => date?.toISOString() ?? null;

export const alertRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.get('/alerts', {
    config: { roles: ['admin', 'floor'] },
    schema: {
      summary: 'Alerts, newest first (200 at most)',
      tags: ['alerts'],
      querystring: z.object({ status: z.enum(['open', 'acknowledged', 'resolved']).optional() }),
      response: { 200: z.array(alertStateSchema) },
    },
  }, async (request) => deps.alerts.list(request.query.status));

  app.get('/alerts/:id', {
    config: { roles: ['admin', 'floor'] },
    schema: { summary: 'One alert with its steps and its latest dispatch', tags: ['alerts'], params },
  }, async (request) => {
    const alert = await deps.alerts.get(request.params.id);
    if (!alert) throw notFound('alert');
    const [steps, dispatch] = await Promise.all([
      alertStory(deps.db, alert.id),
      deps.db.dispatch.findFirst({ where: { alertId: alert.id }, orderBy: { createdAt: 'desc' } }),
    ]);
    return {
      ...alert,
      steps,
      dispatch: dispatch && {
        id: dispatch.id, status: dispatch.status, staffId: dispatch.staffId, outcome: dispatch.outcome,
        createdAt: iso(dispatch.createdAt), acceptedAt: iso(dispatch.acceptedAt), arrivedAt: iso(dispatch.arrivedAt), resolvedAt: iso(dispatch.resolvedAt),
        escalatedAt: iso(dispatch.escalatedAt), cancelledAt: iso(dispatch.cancelledAt),
      },
    };
  });

  app.post('/alerts/:id/acknowledge', {
    config: { roles: ['admin', 'floor'] },
    schema: { summary: 'Acknowledge an open alert', tags: ['alerts'], params, response: { 200: alertStateSchema } },
  }, async (request) => {
    const alert = await deps.alerts.acknowledge(request.params.id);
    if (!alert) throw notFound('open alert');
    await deps.audit.record(caller(request).name, 'alert.acknowledge', request.params.id);
    return alert;
  });

  app.post('/alerts/:id/resolve', {
    config: { roles: ['admin', 'floor'] },
    schema: {
      summary: 'The floor manager resolves an open alert, optionally saying what was done',
      tags: ['alerts'],
      params,
      body: z.object({ outcome: z.string().trim().min(1).max(500).optional() }).nullish(),
      response: { 200: alertStateSchema },
    },
  }, async (request) => {
    const alert = await deps.alerts.resolve(request.params.id, { by: 'manager', outcome: request.body?.outcome ?? null });
    if (!alert) throw notFound('open alert');
    await deps.audit.record(caller(request).name, 'alert.resolve', request.params.id);
    return alert;
  });
};
