/**
 * HQ issues uplinks: the MQTT credentials with which one branch's hub (HQ_MQTT_URL) or its
 * broker's bridge publishes that branch's summaries to this HQ's embedded broker. Shown once.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import type { Db } from '../../db/database.ts';
import type { UplinkRegistry } from '../../hq/uplink-registry.ts';
import type { AuditLog } from '../../audit.ts';
import { caller } from '../auth-plugin.ts';
import { conflict } from '../errors.ts';
import { summaryTopic } from '../../experience/summary-event.ts';

export interface HqApiDeps {
  db: Db;
  now: () => number;
  uplinks: UplinkRegistry;
  audit: AuditLog;
  /** HQ's embedded broker as a branch reaches it; null when HQ listens on an external broker. */
  brokerUrl: (requestHost: string) => string | null;
}

export const hqUplinkRoutes: FastifyPluginAsyncZod<{ hq: HqApiDeps }> = async (app, { hq }) => {
  app.post('/hq/uplinks', {
    config: { roles: ['admin'] },
    schema: {
      summary: "Issue (or replace) a branch's uplink: MQTT credentials to publish its summaries to this HQ; shown once",
      tags: ['hq'],
      body: z.strictObject({ branchId: id.describe('the branch id, as in its topics') }),
      response: {
        201: z.object({
          branchId: z.string(),
          mqttUrl: z.string().describe('HQ_MQTT_URL for the branch hub'),
          username: z.string().describe('HQ_MQTT_USERNAME'),
          password: z.string().describe('HQ_MQTT_PASSWORD; not shown again'),
          topic: z.string().describe('the only topic it may publish to'),
        }),
      },
    },
  }, async (request, reply) => {
    const url = hq.brokerUrl(request.hostname.replace(/:\d+$/, ''));
    if (!url) throw conflict('this HQ listens on an external broker (MQTT_URL): create the branch user there (hub/hq/README.md, Mosquitto bridge)');
    const { branchId } = request.body;
    const { username, password } = await hq.uplinks.issue(branchId);
    await hq.audit.record(caller(request).name, 'hq.uplink.issue', username);
    return reply.code(201).send({ branchId, mqttUrl: url, username, password, topic: summaryTopic(branchId) });
  });
};
