/**
 * Who may hold a socket.io connection: the token is checked when a socket connects (and again when
 * a dropped one recovers its session), and again for every open socket whenever access may have
 * been taken away (a logout, a login disabled or changed, a device revoked) and every
 * `RECHECK_MS`, which also ends sessions that expire while connected.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '../api/principal.ts';
import type { TokenResolver } from '../auth/token-resolver.ts';
import type { Role } from '../branch/branch-config.ts';
import type { Logger } from '../logger.ts';

export const RECHECK_MS = 30_000;

export interface SocketGate {
  /** The namespace, for messages: "/floor". */
  name: string;
  roles: ReadonlySet<Role>;
}

/** The handshake's `auth.token`, or ''. */
export function handshakeToken(socket: Socket): string {
  const token: unknown = socket.handshake.auth.token;
  return typeof token === 'string' ? token : '';
}

/**
 * The caller, or an Error for `next()`: "unauthorized: …" without a valid token, "forbidden: …"
 * for a role the namespace does not take (the screens tell the two apart by that prefix).
 */
export async function admit(token: string, gate: SocketGate, resolveToken: TokenResolver): Promise<Principal | Error> {
  const principal = token ? await resolveToken(token).catch(() => null) : null;
  if (!principal) return new Error('unauthorized: pass auth.token');
  if (!gate.roles.has(principal.role)) return new Error(`forbidden: ${gate.name} needs the ${[...gate.roles].join(' or ')} role, not ${principal.role}`);
  return principal;
}

/** Disconnects every socket of the namespace whose token no longer resolves to a role it takes. */
export async function recheck(namespace: Namespace, gate: SocketGate, resolveToken: TokenResolver, log: Logger): Promise<void> {
  for (const socket of namespace.sockets.values()) {
    const admitted = await admit(handshakeToken(socket), gate, resolveToken);
    if (admitted instanceof Error) {
      // The screens reconnect after a server disconnect and learn why from the refused handshake.
      log.info({ namespace: gate.name, reason: admitted.message }, 'socket disconnected: its access ended');
      socket.disconnect(true);
    }
  }
}
