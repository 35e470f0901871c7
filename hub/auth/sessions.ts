/** People's logins: username + password → a random bearer token, stored as a digest with an expiry. */
import type { Db } from '../db/database.ts';
import type { Role } from '../branch/branch-config.ts';
import { digest, newSecret } from './secrets.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export interface UserPrincipal {
  kind: 'user';
  role: Role;
  userId: string;
  name: string;
  displayName: string;
}

// Verifying against a fixed hash when the user does not exist keeps the timing the same.
const unknownUserHash = hashPassword('touchpoint-no-such-user');

export class SessionService {
  readonly #endedListeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly sessionHours: number,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; principal: UserPrincipal } | null> {
    const user = await this.db.user.findUnique({ where: { username } });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
    if (!user || !ok || user.disabled) return null;
    const token = newSecret();
    const expiresAt = new Date(Date.now() + this.sessionHours * 3600_000);
    await this.db.session.create({ data: { tokenHash: digest(token), userId: user.id, expiresAt } });
    return { token, expiresAt, principal: toPrincipal(user) };
  }

  async resolve(token: string): Promise<UserPrincipal | null> {
    const session = await this.db.session.findUnique({ where: { tokenHash: digest(token) }, include: { user: true } });
    if (!session || session.expiresAt.getTime() < Date.now() || session.user.disabled) return null;
    return toPrincipal(session.user);
  }

  async logout(token: string): Promise<void> {
    await this.db.session.deleteMany({ where: { tokenHash: digest(token) } });
    this.#ended();
  }

  /** Ends every session of a login (new password, disabled, new role). */
  async endAll(userId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { userId } });
    this.#ended();
  }

  /** Called after sessions end, so open sockets can be checked again; returns the unsubscribe. */
  onEnded(listener: () => void): () => void {
    this.#endedListeners.add(listener);
    return () => this.#endedListeners.delete(listener);
  }

  #ended(): void {
    for (const listener of this.#endedListeners) listener();
  }

  async purgeExpired(): Promise<number> {
    const { count } = await this.db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    return count;
  }
}

function toPrincipal(user: { id: string; role: string; username: string; displayName: string }): UserPrincipal {
  return { kind: 'user', role: user.role as Role, userId: user.id, name: user.username, displayName: user.displayName };
}
