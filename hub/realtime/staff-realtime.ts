/**
 * socket.io namespace `/staff`: a staff member's phone or counter screen. Each socket belongs to
 * the staff member linked to its login and hears only of that person: the pending and active list
 * (`dispatches`) and their presence (`presence`) on every connect, reconnects included, then
 * `dispatch` on each change of one of theirs and `presence` whenever theirs changes, wherever it
 * was changed (the floor manager, a counter they opened, a dispatch they accepted or resolved).
 */
import type { Namespace, Server } from 'socket.io';
import type { TokenResolver } from '../auth/token-resolver.ts';
import type { EventBus } from '../bus.ts';
import type { DispatchService } from '../dispatch/dispatch-service.ts';
import type { DispatchView, StaffBoardEntry } from '../dispatch/types.ts';
import type { Logger } from '../logger.ts';
import type { SessionService } from '../auth/sessions.ts';
import { admit, handshakeToken, recheck, RECHECK_MS, type SocketGate } from './socket-auth.ts';

export const STAFF_NAMESPACE = '/staff';
const STAFF_GATE: SocketGate = { name: STAFF_NAMESPACE, roles: new Set(['staff', 'floor']) };

// A type alias, not an interface: socket.io's typed namespaces need an index signature.
export type StaffServerEvents = {
  dispatches: (dispatches: DispatchView[]) => void;
  dispatch: (dispatch: DispatchView) => void;
  presence: (presence: StaffBoardEntry) => void;
};

type StaffNamespace = Namespace<Record<string, never>, StaffServerEvents, Record<string, never>, { staffId: string }>;

const room = (staffId: string) => `staff:${staffId}`;

export class StaffRealtime {
  #unsubscribe: (() => void)[] = [];
  #recheckTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: {
    bus: EventBus; dispatch: DispatchService; resolveToken: TokenResolver; log: Logger;
    /** Sessions that end get their sockets checked again at once. */
    sessions?: Pick<SessionService, 'onEnded'>;
  }) {}

  attach(io: Server): void {
    const namespace: StaffNamespace = io.of(STAFF_NAMESPACE);
    namespace.use(async (socket, next) => {
      const principal = await admit(handshakeToken(socket), STAFF_GATE, this.deps.resolveToken);
      if (principal instanceof Error) return next(principal);
      const staffId = await this.deps.dispatch.roster.staffIdOf(principal).catch(() => null);
      if (!staffId) return next(new Error('forbidden: this login is not linked to a staff member'));
      socket.data.staffId = staffId;
      next();
    });
    namespace.on('connection', (socket) => {
      // A recovered connection keeps its data and rooms; the list is sent again all the same.
      const { staffId } = socket.data;
      void socket.join(room(staffId));
      this.deps.dispatch.mine(staffId).then(
        (dispatches) => socket.emit('dispatches', dispatches),
        (error: unknown) => this.deps.log.error({ err: error, staffId }, 'dispatch list for a staff socket failed'),
      );
      this.deps.dispatch.boardEntry(staffId).then(
        (presence) => socket.emit('presence', presence),
        (error: unknown) => this.deps.log.error({ err: error, staffId }, 'presence for a staff socket failed'),
      );
    });
    const { bus } = this.deps;
    this.#unsubscribe = [
      bus.on('dispatch.changed', ({ dispatch, staffIds }) => {
        if (staffIds.length > 0) namespace.to(staffIds.map(room)).emit('dispatch', dispatch);
      }),
      bus.on('staff.presence', (entry) => void namespace.to(room(entry.staffId)).emit('presence', entry)),
    ];
    const check = () => void recheck(namespace, STAFF_GATE, this.deps.resolveToken, this.deps.log).catch((error: unknown) => this.deps.log.warn({ err: error }, 'socket access check failed'));
    this.#unsubscribe.push(bus.on('config.changed', ({ entity }) => void (entity === 'device' && check())));
    if (this.deps.sessions) this.#unsubscribe.push(this.deps.sessions.onEnded(check));
    this.#recheckTimer = setInterval(check, RECHECK_MS);
    this.#recheckTimer.unref();
  }

  stop(): void {
    for (const off of this.#unsubscribe) off();
    if (this.#recheckTimer) clearInterval(this.#recheckTimer);
    this.#unsubscribe = [];
  }
}
