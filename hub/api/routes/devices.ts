/** Registering edge nodes and kiosks: their MQTT credentials are shown once, here. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import { DeviceConflictError } from '../../devices/device-registry.ts';
import { caller } from '../auth-plugin.ts';
import { conflict, notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const device = z.object({ id: z.string(), kind: z.string(), sourceId: z.string(), name: z.string(), mqttUsername: z.string(), createdAt: z.date(), lastSeenAt: z.date().nullable() });

export const deviceRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.post('/devices', {
    config: { roles: ['admin'] },
    schema: {
      summary: 'Register an edge node or kiosk; returns its MQTT username and password once',
      body: z.strictObject({
        kind: z.enum(['edge', 'kiosk']),
        sourceId: id.describe('its id in topics, e.g. cam-lobby-1 or kiosk-1'),
        name: z.string().trim().min(1).max(100),
      }),
      response: {
        201: z.object({
          device,
          mqtt: z.object({ url: z.string(), username: z.string(), password: z.string(), topicPrefix: z.string() }),
        }),
      },
    },
  }, async (request, reply) => {
    try {
      const { device: registered, username, password } = await deps.devices.register(request.body);
      await deps.audit.record(caller(request).name, 'device.register', username);
      const topicPrefix = `tp/v1/${deps.directory.branchId}/${registered.kind}/${registered.sourceId}/`;
      return reply.code(201).send({ device: registered, mqtt: { url: deps.mqtt.url(request.hostname.replace(/:\d+$/, '')), username, password, topicPrefix } });
    } catch (error) {
      if (error instanceof DeviceConflictError) throw conflict(error.message);
      throw error;
    }
  });

  app.get('/devices', {
    config: { roles: ['admin'] },
    schema: { summary: 'Registered devices (never their secrets)', response: { 200: z.object({ items: z.array(device) }) } },
  }, async () => ({ items: await deps.devices.list() }));

  app.delete('/devices/:id', {
    config: { roles: ['admin'] },
    schema: { summary: 'Revoke a device: it can no longer connect or publish', params: z.object({ id: z.string().max(64) }), response: { 204: z.null() } },
  }, async (request, reply) => {
    if (!(await deps.devices.revoke(request.params.id))) throw notFound('device');
    await deps.audit.record(caller(request).name, 'device.revoke', request.params.id);
    return reply.code(204).send(null);
  });
};
