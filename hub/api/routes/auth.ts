/** Logging in and out. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES } from '../principal.ts';
import { caller } from '../auth-plugin.ts';
import type { CoreRouteOptions } from '../app.ts';

export const authRoutes: FastifyPluginAsyncZod<CoreRouteOptions> = async (app, { deps }) => {
  app.post('/auth/login', {
    config: { roles: 'public' },
    schema: {
      summary: 'Log in with username and password; returns a bearer token',
      security: [],
      body: z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
      response: {
        200: z.object({ token: z.string(), expiresAt: z.string(), role: z.string(), displayName: z.string() }),
        401: z.object({ error: z.string(), message: z.string() }),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const result = await deps.sessions.login(username, password);
    if (!result) {
      await deps.audit.record(username, 'login.failed');
      return reply.code(401).send({ error: 'Unauthorized', message: 'wrong username or password' });
    }
    await deps.audit.record(username, 'login');
    return { token: result.token, expiresAt: result.expiresAt.toISOString(), role: result.principal.role, displayName: result.principal.displayName };
  });

  app.post('/auth/logout', {
    config: { roles: ALL_ROLES },
    schema: { summary: 'End this session', response: { 204: z.null() } },
  }, async (request, reply) => {
    if (caller(request).kind === 'user' && request.bearerToken) await deps.sessions.logout(request.bearerToken);
    return reply.code(204).send(null);
  });

  app.get('/auth/me', {
    config: { roles: ALL_ROLES },
    schema: { summary: 'Who this token belongs to', response: { 200: z.object({ kind: z.string(), role: z.string(), name: z.string() }) } },
  }, async (request) => {
    const principal = caller(request);
    return { kind: principal.kind, role: principal.role, name: principal.name };
  });
};
