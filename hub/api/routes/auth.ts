/**
 * Logging in and out. Failed logins are throttled (hub/auth/login-throttle.ts): too many answer
 * 429 with Retry-After. Logins, failures, throttling and logouts are audited with the address.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginThrottle, type ThrottleRefusal } from '../../auth/login-throttle.ts';
import { ALL_ROLES } from '../principal.ts';
import { caller } from '../auth-plugin.ts';
import type { CoreRouteOptions } from '../app.ts';

const problem = z.object({ error: z.string(), message: z.string() });

function refusalMessage(refusal: ThrottleRefusal, username: string): string {
  const wait = `try again in ${refusal.retryAfterS} s`;
  if (refusal.scope === 'address') return `too many failed logins from this address; ${wait}`;
  if (refusal.scope === 'user') return `too many failed logins for ${JSON.stringify(username)} from several addresses; ${wait}, or from a device you have logged in from before`;
  return `too many failed logins for ${JSON.stringify(username)} from this address; ${wait}`;
}

export const authRoutes: FastifyPluginAsyncZod<CoreRouteOptions> = async (app, { deps }) => {
  const throttle = deps.loginThrottle ?? new LoginThrottle();

  app.post('/auth/login', {
    config: { roles: 'public' },
    schema: {
      summary: 'Log in with username and password; returns a bearer token. Repeated failures answer 429 with Retry-After (hub/README.md, login throttling)',
      security: [],
      body: z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
      response: {
        200: z.object({ token: z.string(), expiresAt: z.string(), role: z.string(), displayName: z.string() }),
        401: problem,
        429: problem.extend({ retryAfterS: z.number().int() }),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const address = request.ip;
    const attempt = throttle.begin(username, address);
    if (!attempt.allowed) {
      if (attempt.firstRefusal) await deps.audit.record(username, 'login.throttled', undefined, { address, scope: attempt.scope, retryAfterS: attempt.retryAfterS });
      return reply.code(429).header('retry-after', String(attempt.retryAfterS))
        .send({ error: 'Too Many Requests', message: refusalMessage(attempt, username), retryAfterS: attempt.retryAfterS });
    }
    const result = await deps.sessions.login(username, password);
    if (!result) {
      await deps.audit.record(username, 'login.failed', undefined, { address, ...(attempt.locks ? { lockedS: attempt.locks.lockS, scope: attempt.locks.scope } : {}) });
      return reply.code(401).send({ error: 'Unauthorized', message: 'wrong username or password' });
    }
    attempt.succeeded();
    await deps.audit.record(username, 'login', undefined, { address, role: result.principal.role });
    return { token: result.token, expiresAt: result.expiresAt.toISOString(), role: result.principal.role, displayName: result.principal.displayName };
  });

  app.post('/auth/logout', {
    config: { roles: ALL_ROLES },
    schema: { summary: 'End this session', response: { 204: z.null() } },
  }, async (request, reply) => {
    const principal = caller(request);
    if (principal.kind === 'user' && request.bearerToken) {
      await deps.sessions.logout(request.bearerToken);
      await deps.audit.record(principal.name, 'logout', undefined, { address: request.ip });
    }
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
