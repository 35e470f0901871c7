/**
 * socket.io namespace `/staff`: a staff member's phone or counter screen. Each socket belongs to
 * the staff member linked to its login and hears only of that person's dispatches: the pending and
 * active list (`dispatches`) on every connect, reconnects included, then `dispatch` on each change.
 */
import type { Namespace, Server } from 'socket.io';
import type { TokenResolver } from '../auth/token-resolver.ts';
import type { EventBus } from '../bus.ts';
import type { DispatchService } from '../dispatch/dispatch-service.ts';
import type { DispatchView } from '../dispatch/types.ts';
import type { Logger } from '../logger.ts';

export const STAFF_NAMESPACE = '/staff';
const STAFF_ROLES = new Set(['staff', 'floor']);

// A type alias, not an interface: socket.io's typed namespaces need an index signature.
export type StaffServerEvents = {
  dispatches: (dispatches: DispatchView[]) => void;
  dispatch: (dispatch: DispatchView) => void;
};

type StaffNamespace = Namespace<Record<string, never>, StaffServerEvents, Record<string, never>, { staffId: string }>;

const room = (staffId: string) => `staff:${staffId}`;

export class StaffRealtime {
  #unsubscribe: (() => void) | null = null;

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
    });
    this.#unsubscribe = this.deps.bus.on('dispatch.changed', ({ dispatch, staffIds }) => {
      if (staffIds.length > 0) namespace.to(staffIds.map(room)).emit('dispatch', dispatch);
    });
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}
