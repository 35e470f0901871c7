/** Each lobby kiosk reads its own settings at start: names, zone, where its telemetry goes, idle timers. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import { notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const kioskView = z.object({
  id: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  zoneId: z.string(),
  telemetryUrl: z.string().nullable().describe('the edge node that analyses this kiosk\'s sessions; null when none does'),
  idleWarnS: z.number().int().describe('idle seconds before the kiosk asks "still there?"'),
  idleResetS: z.number().int().describe('seconds after that warning before the session resets'),
});

export const kioskRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.get('/kiosks/:kioskId', {
    config: { roles: 'public', publicRate: 'read' },
    schema: { summary: 'One kiosk\'s settings', params: z.object({ kioskId: id }), response: { 200: kioskView } },
  }, (request) => {
    const kiosk = deps.kiosks.find((candidate) => candidate.id === request.params.kioskId);
    if (!kiosk) throw notFound(`kiosk ${request.params.kioskId}`);
    // The kiosk reaches the edge node by the same host name it used for the hub.
    const host = request.hostname.replace(/:\d+$/, '');
    return { ...kiosk, telemetryUrl: kiosk.telemetryUrl?.replaceAll('{host}', host) ?? null };
  });
};
