/**
 * The /queue socket.io namespace as the display and the customer's phone use it: the board on
 * connect and on changes, a `call` the display can chime and speak, and a followed ticket's updates.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, QueueClientEvents, QueueServerEvents, TicketView } from '../hub/queue/realtime-types.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { queueApi } from './helpers/queue-api.ts';

type QueueSocket = Socket<QueueServerEvents, QueueClientEvents>;

let hub: TestHub;
const { take, callNext, act } = queueApi(() => hub);
const sockets: QueueSocket[] = [];

/** A client of /queue, connected and holding its first board. */
async function connect(): Promise<{ socket: QueueSocket; board: Board }> {
  const socket: QueueSocket = io(`${hub.httpUrl}/queue`, { transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  const board = await new Promise<Board>((resolve, reject) => {
    socket.once('board', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, board };
}

/** The next `event` that passes `test`. */
function next<E extends 'board' | 'call' | 'ticket'>(socket: QueueSocket, event: E, test: (payload: Parameters<QueueServerEvents[E]>[0]) => boolean) {
  return new Promise<Parameters<QueueServerEvents[E]>[0]>((resolve) => {
    const listener = (payload: Parameters<QueueServerEvents[E]>[0]) => {
      if (!test(payload)) return;
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await hub.close();
});

describe('/queue namespace', () => {
  it('needs no credentials and sends the board on connect', async () => {
    const { board } = await connect();
    expect(board.services.map((service) => service.serviceId)).toEqual(['accounts', 'fx', 'teller', 'wealth']);
    expect(board.calls).toEqual([]);
  });

  it('announces a call to every screen and keeps a follower\'s ticket up to date', async () => {
    const { socket: display } = await connect();
    const { socket: phone } = await connect();
    const ticket = await take('teller', 'normal', 'en');

    const followed = await phone.emitWithAck('follow', ticket.code);
    expect(followed).toMatchObject({ ok: true, ticket: { id: ticket.id, status: 'waiting', position: 1 } });

    const announced = next(display, 'call', (call) => call.number === ticket.number);
    const boardAfter = next(display, 'board', (board) => board.calls.some((call) => call.number === ticket.number));
    const update = next(phone, 'ticket', (view) => view.status === 'called');
    await callNext('c2');
    expect(await announced).toEqual({ number: ticket.number, serviceId: 'teller', counterId: 'c2', counterNameEn: 'Counter 2', counterNameZh: '2号柜台', recall: false, language: 'en', calledAt: expect.any(String) });
    expect(await update).toMatchObject<Partial<TicketView>>({ id: ticket.id, status: 'called', counterId: 'c2', counterNameEn: 'Counter 2' });
    expect((await boardAfter).calls[0]).toMatchObject({ number: ticket.number, counterId: 'c2', recall: false });

    const recall = next(display, 'call', (call) => call.recall);
    await act(ticket.id, 'recall');
    expect(await recall).toMatchObject({ number: ticket.number, recall: true });
  });

  it('tells a follower when its place in line moves', async () => {
    const { socket: phone } = await connect();
    const ahead = await take('fx');
    const mine = await take('fx');
    await phone.emitWithAck('follow', mine.code);
    const moved = next(phone, 'ticket', (view) => view.position === 1);
    await callNext('c4');
    expect(await moved).toMatchObject({ id: mine.id, status: 'waiting', position: 1 });
    expect(ahead.number).toBe('C001');
  });

  it('answers an unknown code without joining anything', async () => {
    const { socket } = await connect();
    expect(await socket.emitWithAck('follow', 'no-such-code')).toEqual({ ok: false, error: 'no ticket has this code' });
  });
});
