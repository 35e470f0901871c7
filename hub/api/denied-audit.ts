/**
 * Audits calls refused for want of a role (403): who tried what. The same caller refused on the
 * same route is recorded once a minute, with the count of refusals in between, so a device stuck
 * in a loop cannot flood the log.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit.ts';
import type { Logger } from '../logger.ts';
import type { Principal } from './principal.ts';

const WINDOW_MS = 60_000;
const MAX_KEYS = 10_000;

export function deniedAudit(audit: AuditLog, log: Logger, now: () => number = Date.now): (principal: Principal, request: FastifyRequest) => void {
  const recent = new Map<string, { at: number; suppressed: number }>();
  return (principal, request) => {
    const target = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    const key = `${principal.name}\u0000${target}`;
    const seen = recent.get(key);
    if (seen && now() - seen.at < WINDOW_MS) {
      seen.suppressed++;
      return;
    }
    recent.delete(key);
    recent.set(key, { at: now(), suppressed: 0 });
    if (recent.size > MAX_KEYS) recent.delete(recent.keys().next().value!);
    const detail = { role: principal.role, address: request.ip, ...(seen?.suppressed ? { alsoRefusedBefore: seen.suppressed } : {}) };
    audit.record(principal.name, 'access.denied', target, detail).catch((error: unknown) => log.warn({ err: error }, 'could not audit a refused call'));
  };
}
