/** The branch and what is happening in it now. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertStateSchema } from '../../alerts/alert-view.ts';
import { ALL_ROLES, BRANCH_READERS } from '../principal.ts';
import { notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const zone = z.object({ id: z.string(), nameEn: z.string(), nameZh: z.string(), kind: z.string(), serviceId: z.string().nullable() });

export const branchRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.get('/branch', {
    config: { roles: ALL_ROLES },
    schema: {
      summary: 'The branch and its zones',
      response: { 200: z.object({ id: z.string(), name: z.string(), nameZh: z.string(), timezone: z.string(), zones: z.array(zone) }) },
    },
  }, async () => {
    const branch = await deps.db.branch.findUnique({ where: { id: deps.directory.branchId }, include: { zones: { orderBy: { id: 'asc' } } } });
    if (!branch) throw notFound('branch');
    return {
      id: branch.id,
      name: branch.name,
      nameZh: branch.nameZh,
      timezone: branch.timezone,
      zones: branch.zones.map(({ id, nameEn, nameZh, kind, serviceId }) => ({ id, nameEn, nameZh, kind, serviceId })),
    };
  });

  app.get('/state', {
    config: { roles: BRANCH_READERS },
    schema: {
      summary: 'Live state: queue per zone, edge nodes, open alerts',
      response: {
        200: z.object({
          zones: z.array(z.object({ zoneId: z.string(), count: z.number().nullable(), waitEstimateS: z.number().nullable(), confidence: z.number().nullable(), updatedAt: z.string().nullable() })),
          nodes: z.array(z.object({ sourceKind: z.string(), sourceId: z.string(), online: z.boolean(), lastSeenAt: z.string(), version: z.string().optional(), backend: z.string().optional(), cameras: z.array(z.object({ cameraId: z.string(), state: z.string(), fps: z.number().optional(), restarts: z.number().optional(), error: z.string().optional(), expressions: z.object({ assessed: z.number(), notAssessable: z.number() }).optional().describe('people in its expression zones since its last status whose face could be read, and those it could not (never scored)') })), outbox: z.object({ queued: z.number(), dropped: z.number() }).optional(), clockSkewS: z.number().optional().describe('its clock is this many seconds ahead (+) or behind (−) the hub\'s') })),
          alerts: z.array(alertStateSchema),
        }),
      },
    },
  }, async () => ({
    zones: deps.state.zones().map(({ zoneId, count, waitEstimateS, confidence, updatedAt }) => ({ zoneId, count, waitEstimateS, confidence, updatedAt })),
    nodes: deps.state.nodes(),
    alerts: deps.alerts.open(),
  }));
};
