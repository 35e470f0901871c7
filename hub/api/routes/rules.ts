/** The branch's alert rules (hub/rules): read and replace the whole rule set (administrators). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ruleSetSchema } from '../../rules/rule-set.ts';
import { caller } from '../auth-plugin.ts';
import { HttpError } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
const canonical = (value: unknown): string => JSON.stringify(value, (_key, inner: unknown) =>
  inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner);

/** The rule set's top-level parts that changed, before and after (for the audit log). */
function changedParts(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = Object.keys(after).filter((key) => canonical(before[key]) !== canonical(after[key]));
  return { changed: keys, before: Object.fromEntries(keys.map((key) => [key, before[key]])), after: Object.fromEntries(keys.map((key) => [key, after[key]])) };
}

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
    const before = deps.rules.current() as unknown as Record<string, unknown>;
    const saved = await deps.rules.save(request.body);
    await deps.audit.record(caller(request).name, 'rules.update', deps.directory.branchId, changedParts(before, saved as unknown as Record<string, unknown>));
    return saved;
  });
};
