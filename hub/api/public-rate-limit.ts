/**
 * Rate limits on the public routes that customers' devices call (the lobby kiosk, phones on the
 * guest Wi-Fi): per client address, one budget for writes and one for reads, each shared by every
 * route of its class, so a script cannot spread a flood over several routes. A route opts in with
 * `config.publicRate: 'write' | 'read'`. Over the budget: 429 with `Retry-After` (seconds).
 * The numbers and why they never stop a real kiosk: hub/queue/README.md, "Rate limits".
 */
import rateLimit from '@fastify/rate-limit';
import type { onRequestHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors.ts';

export type PublicRateClass = 'write' | 'read';

/** Requests per minute per client address; 0 turns the limit off. */
export interface PublicRateLimits {
  writesPerMin: number;
  readsPerMin: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public route customers' devices call: counted against its class's budget. */
    publicRate?: PublicRateClass;
  }
}

const WINDOW_MS = 60_000;

/** The answer over the budget: what happened and when to try again, in both screen languages. */
export function tooManyRequests(retryAfterS: number): HttpError {
  return new HttpError(
    429,
    `Too many requests from this address: please wait ${retryAfterS} s and try again. 请求过于频繁，请 ${retryAfterS} 秒后再试。`,
  );
}

function hooksOf(route: RouteOptions): onRequestHookHandler[] {
  const hooks = route.onRequest;
  if (!hooks) return [];
  return (Array.isArray(hooks) ? hooks : [hooks]) as onRequestHookHandler[];
}

export const publicRateLimit = fp<{ limits: PublicRateLimits }>(
  async (app, { limits }) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => tooManyRequests(Math.max(1, Math.ceil(context.ttl / 1000))),
    });
    // One limiter (one store) per class, so all its routes draw on the same budget.
    const limiter = (max: number) => (max > 0 ? (app.rateLimit({ max, timeWindow: WINDOW_MS }) as unknown as onRequestHookHandler) : null);
    const limiters: Record<PublicRateClass, onRequestHookHandler | null> = { write: limiter(limits.writesPerMin), read: limiter(limits.readsPerMin) };

    app.addHook('onRoute', (route) => {
      const rateClass = route.config?.publicRate;
      if (rateClass === undefined) return;
      if (route.config?.roles !== 'public') throw new Error(`route ${route.method} ${route.url}: publicRate is for public routes`);
      const hook = limiters[rateClass];
      if (hook) route.onRequest = [...hooksOf(route), hook];
    });
  },
  { name: 'tp-public-rate-limit' },
);
