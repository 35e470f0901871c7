/**
 * What the branch's privacy notice (/privacy/, the kiosk, the entrance sign) states, read from the
 * branch's configuration rather than written into the page: the zones where expression analysis is
 * announced (none by default), how long raw records and free text are kept, and whom to ask.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NO_EXPRESSION_ZONE_KINDS } from '../../branch/branch-config.ts';
import { notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

export const privacyNoticeSchema = z.object({
  branch: z.object({ name: z.string(), nameZh: z.string() }),
  expressionZones: z.array(z.object({ id: z.string(), nameEn: z.string(), nameZh: z.string() }))
    .describe('customer zones where expression analysis is switched on; empty: off everywhere (the default)'),
  retention: z.object({
    rawDays: z.number().int().describe('raw records (events, tickets, feedback, alerts) are deleted after this many days'),
    freeTextDays: z.number().int().describe('free text (feedback comments, staff notes) is deleted after this many days'),
  }),
  contact: z.string().nullable().describe('whom to ask about privacy, besides the staff'),
});
export type PrivacyNotice = z.infer<typeof privacyNoticeSchema>;

export const privacyRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.get('/privacy', {
    config: { roles: 'public', publicRate: 'read' },
    schema: { summary: 'What the privacy notice states, from the branch configuration', tags: ['privacy'], response: { 200: privacyNoticeSchema } },
  }, async () => {
    const branch = await deps.db.branch.findUnique({
      where: { id: deps.directory.branchId },
      select: { name: true, nameZh: true, privacyContact: true, zones: { where: { expressions: true, kind: { notIn: [...NO_EXPRESSION_ZONE_KINDS] } }, orderBy: { id: 'asc' }, select: { id: true, nameEn: true, nameZh: true } } },
    });
    if (!branch) throw notFound('branch');
    return {
      branch: { name: branch.name, nameZh: branch.nameZh },
      expressionZones: branch.zones,
      retention: { rawDays: deps.retention.rawDays, freeTextDays: deps.retention.freeTextDays },
      contact: branch.privacyContact,
    };
  });
};
