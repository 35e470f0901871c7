/**
 * socket.io namespace `/queue`: public and read-only. Every client gets the board on connect and
 * after every change, and `call` when a ticket is called or recalled; a client that follows a
 * ticket by its secret code gets that ticket whenever it, its position or its prediction changes.
 * Changes arriving together are pushed once; a slow refresh catches waits that change with time.
 */
import type { Namespace, Server } from 'socket.io';
import type { BranchDirectory } from '../branch/directory.ts';
import type { EventBus } from '../bus.ts';
import type { Logger } from '../logger.ts';
import type { QueueViews } from './queue-views.ts';
import { QUEUE_NAMESPACE, type QueueClientEvents, type QueueServerEvents } from './realtime-types.ts';

const ROOM_PREFIX = 'ticket:';
const REFRESH_MS = 30_000;
const MAX_CODE_LENGTH = 64;

type QueueNamespace = Namespace<QueueClientEvents, QueueServerEvents>;

export class QueueRealtime {
  #namespace: QueueNamespace | null = null;
  #unsubscribe: (() => void)[] = [];
  #timer: NodeJS.Timeout | null = null;
  #pushing: Promise<void> | null = null;
  #again = false;
  /** The last ticket view sent per followed code, to send only changes. */
  readonly #sent = new Map<string, string>();

  constructor(private readonly deps: { bus: EventBus; views: QueueViews; directory: Pick<BranchDirectory, 'zone'>; log: Logger }) {}

  attach(io: Server): void {
    const namespace: QueueNamespace = io.of(QUEUE_NAMESPACE);
    this.#namespace = namespace;
    namespace.on('connection', (socket) => {
      /** The code this socket follows. */
      let following: string | null = null;
      this.deps.views.board().then((board) => socket.emit('board', board), (error: unknown) => this.deps.log.error({ err: error }, 'board for a new client failed'));
      socket.on('follow', async (code, ack) => {
        const reply = typeof ack === 'function' ? ack : () => undefined;
        if (typeof code !== 'string' || code.length === 0 || code.length > MAX_CODE_LENGTH) return reply({ ok: false, error: 'follow needs a ticket code' });
        try {
          const ticket = await this.deps.views.ticketByCode(code);
          if (following) await socket.leave(ROOM_PREFIX + following);
          following = code;
          await socket.join(ROOM_PREFIX + code);
          this.#sent.set(code, JSON.stringify(ticket));
          socket.emit('ticket', ticket);
          reply({ ok: true, ticket });
        } catch {
          reply({ ok: false, error: 'no ticket has this code' });
        }
      });
      socket.on('unfollow', () => {
        if (following) void socket.leave(ROOM_PREFIX + following);
        following = null;
      });
    });
    const { bus } = this.deps;
    const changed = () => void this.push();
    this.#unsubscribe = [
      bus.on('queue.ticket', changed),
      bus.on('queue.counter', changed),
      bus.on('config.changed', ({ entity }) => void (['service', 'counter'].includes(entity) && this.push())),
      // A camera's count moves predictions only in a zone that holds a service's queue (camera-count.ts).
      bus.on('state.zone', ({ zoneId }) => void (this.deps.directory.zone(zoneId)?.serviceId && this.push())),
      bus.on('queue.call', ({ ticketId: _ticketId, ...call }) => void (namespace.sockets.size > 0 && namespace.emit('call', call))),
    ];
    this.#timer = setInterval(changed, REFRESH_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    if (this.#timer) clearInterval(this.#timer);
    await this.#pushing;
  }

  /** Sends the board to everyone and changed tickets to their followers; calls during a push coalesce. */
  push(): Promise<void> {
    if (this.#pushing) {
      this.#again = true;
      return this.#pushing;
    }
    this.#pushing = (async () => {
      do {
        this.#again = false;
        await this.#pushOnce().catch((error: unknown) => this.deps.log.error({ err: error }, 'queue push failed'));
      } while (this.#again);
      this.#pushing = null;
    })();
    return this.#pushing;
  }

  async #pushOnce(): Promise<void> {
    const namespace = this.#namespace;
    if (!namespace || namespace.sockets.size === 0) return;
    const snapshot = await this.deps.views.snapshot();
    namespace.emit('board', await this.deps.views.board(snapshot));
    const followed = [...namespace.adapter.rooms.keys()].filter((room) => room.startsWith(ROOM_PREFIX)).map((room) => room.slice(ROOM_PREFIX.length));
    for (const code of this.#sent.keys()) if (!followed.includes(code)) this.#sent.delete(code);
    if (followed.length === 0) return;
    for (const ticket of await this.deps.views.ticketsByCode(followed, snapshot)) {
      const json = JSON.stringify(ticket);
      if (this.#sent.get(ticket.code) === json) continue;
      this.#sent.set(ticket.code, json);
      namespace.to(ROOM_PREFIX + ticket.code).emit('ticket', ticket);
    }
  }
}
