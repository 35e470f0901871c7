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

export const STAFF_NAMESPACE = '/staff';
const STAFF_ROLES = new Set(['staff', 'floor']);

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

  constructor(private readonly deps: { bus: EventBus; dispatch: DispatchService; resolveToken: TokenResolver; log: Logger }) {}

  attach(io: Server): void {
    const namespace: StaffNamespace = io.of(STAFF_NAMESPACE);
    namespace.use(async (socket, next) => {
      const token = typeof socket.handshake.auth.token === 'string' ? socket.handshake.auth.token : '';
      const principal = token ? await this.deps.resolveToken(token).catch(() => null) : null;
      if (!principal) return next(new Error('unauthorized: pass auth.token'));
      if (!STAFF_ROLES.has(principal.role)) return next(new Error(`forbidden: /staff needs the staff or floor role, not ${principal.role}`));
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
  }

  stop(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }
}
