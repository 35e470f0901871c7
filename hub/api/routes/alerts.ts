/** The floor acknowledges and resolves alerts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../auth-plugin.ts';
import { notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

export const alertRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const params = z.object({ id: z.string().max(64) });
  for (const action of ['acknowledge', 'resolve'] as const) {
    app.post(`/alerts/:id/${action}`, {
      config: { roles: ['admin', 'floor'] },
      schema: { summary: `${action} an open alert`, params },
    }, async (request) => {
      const alert = await deps.alerts[action](request.params.id);
      if (!alert) throw notFound('open alert');
      await deps.audit.record(caller(request).name, `alert.${action}`, request.params.id);
      return alert;
    });
  }
};
