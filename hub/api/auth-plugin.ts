/**
 * Every route states who may call it (`config.roles`, or `'public'`); a route without it is a
 * start-up error. Bearer tokens resolve to the admin token, a device secret or a login session.
 * Missing or unknown credentials answer 401, a known caller without the role 403. The check runs
 * first (onRequest): a refused caller's body is never parsed or validated, so nothing about the
 * route's input leaks to it. Every route and its roles is kept in `app.routeAccess`.
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../branch/branch-config.ts';
import type { TokenResolver } from '../auth/token-resolver.ts';
import type { Principal } from './principal.ts';

/** One registered route and who may call it. */
export interface RouteAccess {
  method: string;
  url: string;
  roles: readonly Role[] | 'public';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: readonly Role[] | 'public';
  }
  interface FastifyRequest {
    principal: Principal | null;
    bearerToken: string | null;
  }
  interface FastifyInstance {
    /** Every route registered so far (HEAD included) with its declared roles; /docs excluded. */
    routeAccess: readonly RouteAccess[];
  }
}

export interface AuthPluginOptions {
  resolveToken: TokenResolver;
  /** A known caller was refused for want of a role (403): audit it. */
  onDenied?(principal: Principal, request: FastifyRequest): void;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('bearerToken', null);
    const table: RouteAccess[] = [];
    app.decorate('routeAccess', table);

    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/docs')) return;
      const roles = route.config?.roles;
      if (roles === undefined) throw new Error(`route ${route.method} ${route.url} does not declare config.roles`);
      for (const method of [route.method].flat()) table.push({ method, url: route.url, roles });
    });

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const roles = request.routeOptions.config.roles;
      if (roles === undefined || roles === 'public') return;
      const token = bearer(request);
      if (!token) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized', message: 'log in first: Authorization: Bearer <token>' });
      const principal = await options.resolveToken(token);
      if (!principal) return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'Unauthorized', message: 'the token is unknown or expired' });
      request.principal = principal;
      request.bearerToken = token;
      if (!roles.includes(principal.role)) {
        options.onDenied?.(principal, request);
        return reply.code(403).send({ error: 'Forbidden', message: `this needs one of the roles: ${roles.join(', ')}` });
      }
    });
  },
  { name: 'tp-auth' },
);

/** The caller of a route that requires a role (set by the onRequest hook above). */
export function caller(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route has no authenticated caller');
  return request.principal;
}
