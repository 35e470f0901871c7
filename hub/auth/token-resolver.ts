/** Resolves a bearer token, for HTTP and socket.io alike: admin token, device secret, or session. */
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../api/principal.ts';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { SessionService } from './sessions.ts';

export type TokenResolver = (token: string) => Promise<Principal | null>;

function equalsSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `devices` is absent on an HQ-only hub: no device talks to it over the API. */
export function createTokenResolver(deps: { sessions: SessionService; devices?: DeviceRegistry; adminToken?: string }): TokenResolver {
  return async (token) => {
    if (deps.adminToken && equalsSecret(token, deps.adminToken)) return { kind: 'token', role: 'admin', name: 'token:admin' };
    const device = deps.devices?.byToken(token);
    if (device) return { kind: 'device', role: device.kind, name: device.username, device };
    return deps.sessions.resolve(token);
  };
}
