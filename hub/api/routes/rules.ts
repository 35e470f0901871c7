/** The branch's alert rules (hub/rules): read and replace the whole rule set (administrators). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ruleSetSchema } from '../../rules/rule-set.ts';
import { caller } from '../auth-plugin.ts';
import { HttpError } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

export const ruleRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.get('/rules', {
    config: { roles: ['admin'] },
    schema: { summary: 'The alert rules in force (the defaults until saved)', tags: ['rules'], response: { 200: ruleSetSchema } },
  }, async () => deps.rules.current());

  app.put('/rules', {
    config: { roles: ['admin'] },
    schema: { summary: 'Replace the alert rules; they apply from the next evaluation', tags: ['rules'], body: ruleSetSchema, response: { 200: ruleSetSchema } },
  }, async (request) => {
    const unknown = Object.keys(request.body.zones).filter((zoneId) => !deps.directory.zone(zoneId));
    if (unknown.length > 0) throw new HttpError(400, `invalid body: ${unknown.map((zoneId) => `zones.${zoneId}: no such zone`).join('; ')}`);
    const saved = await deps.rules.save(request.body);
    await deps.audit.record(caller(request).name, 'rules.update', deps.directory.branchId);
    return saved;
  });
};
