/**
 * socket.io: the floor namespace gets the live state when it connects and every change as it
 * happens (`zone`, `node`, `alert`, `dispatch`, `staff`). Clients authenticate with their bearer
 * token, checked again whenever access may have ended (socket-auth.ts). Connection state recovery
 * is on, so a short disconnect replays what was missed; it runs the token check again too.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace } from 'socket.io';
import type { TokenResolver } from '../auth/token-resolver.ts';
import type { AlertState, EventBus, NodeState, BusEvents } from '../bus.ts';
import type { Logger } from '../logger.ts';
import type { LiveState, ZoneState } from '../state/live-state.ts';
import type { AlertService } from '../alerts/alert-service.ts';
import type { DispatchView, StaffBoardEntry } from '../dispatch/types.ts';
import type { SessionService } from '../auth/sessions.ts';
import { admit, handshakeToken, recheck, RECHECK_MS, type SocketGate } from './socket-auth.ts';

export interface FloorServerEvents {
  snapshot: (state: { zones: ZoneState[]; nodes: NodeState[]; alerts: AlertState[] }) => void;
  zone: (zone: BusEvents['state.zone']) => void;
  node: (node: NodeState) => void;
  alert: (alert: AlertState) => void;
  dispatch: (dispatch: DispatchView) => void;
  staff: (entry: StaffBoardEntry) => void;
}

const FLOOR_GATE: SocketGate = { name: '/floor', roles: new Set(['admin', 'floor']) };

export class Realtime {
  #io: Server | null = null;
  #unsubscribe: (() => void)[] = [];
  #recheckTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: {
    bus: EventBus; state: LiveState; alerts: AlertService; resolveToken: TokenResolver; log: Logger;
    /** Sessions that end get their sockets checked again at once. */
    sessions?: Pick<SessionService, 'onEnded'>;
  }) {}

  /** The socket.io server once attached; other namespaces (hub/queue) join it. */
  get io(): Server | null {
    return this.#io;
  }

  attach(server: HttpServer): void {
    // destroyUpgrade: false leaves other WebSocket upgrades (MQTT at /mqtt) alone.
    const io = new Server(server, {
      serveClient: false, destroyUpgrade: false, cors: { origin: false },
      // A phone that drops off the Wi-Fi for a moment gets what it missed when it comes back.
      // skipMiddlewares: false — a recovering socket shows its token again (it may have ended).
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    });
    this.#io = io;
    const floor: Namespace<Record<string, never>, FloorServerEvents> = io.of('/floor');
    floor.use(async (socket, next) => {
      const admitted = await admit(handshakeToken(socket), FLOOR_GATE, this.deps.resolveToken);
      next(admitted instanceof Error ? admitted : undefined);
    });
    floor.on('connection', (socket) => {
      socket.emit('snapshot', { zones: this.deps.state.zones(), nodes: this.deps.state.nodes(), alerts: this.deps.alerts.open() });
    });
    const { bus } = this.deps;
    // Nothing is encoded while no floor screen is connected (a burst would pay for it otherwise).
    const listening = () => floor.sockets.size > 0;
    this.#unsubscribe = [
      bus.on('state.zone', (zone) => void (listening() && floor.emit('zone', zone))),
      bus.on('state.node', (node) => void (listening() && floor.emit('node', node))),
      bus.on('state.alert', (alert) => void (listening() && floor.emit('alert', alert))),
      bus.on('dispatch.changed', ({ dispatch }) => void (listening() && floor.emit('dispatch', dispatch))),
      bus.on('staff.presence', (entry) => void (listening() && floor.emit('staff', entry))),
    ];
    const check = () => void recheck(floor, FLOOR_GATE, this.deps.resolveToken, this.deps.log).catch((error: unknown) => this.deps.log.warn({ err: error }, 'socket access check failed'));
    this.#unsubscribe.push(bus.on('config.changed', ({ entity }) => void (entity === 'device' && check())));
    if (this.deps.sessions) this.#unsubscribe.push(this.deps.sessions.onEnded(check));
    this.#recheckTimer = setInterval(check, RECHECK_MS);
    this.#recheckTimer.unref();
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    if (this.#recheckTimer) clearInterval(this.#recheckTimer);
    if (this.#io) {
      this.#io.disconnectSockets(true);
      // The HTTP server is closed by its owner; close only socket.io's engine here.
      this.#io.engine.close();
    }
  }
}
