/**
 * The /staff socket.io namespace as a staff phone uses it: each person hears only of their own
 * dispatches and presence, gets their pending list and presence on every connect (reconnects
 * too), and a login without a staff member, or of the wrong role, is refused.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffServerEvents } from '../hub/realtime/staff-realtime.ts';
import type { DispatchView, StaffBoardEntry } from '../hub/dispatch/types.ts';
import { startTestHub, ADMIN_TOKEN, type TestHub } from './helpers/in-process-hub.ts';
import { DEMO_LOGINS, distress, login, setPresence } from './helpers/dispatch-api.ts';
import { until } from './helpers/until.ts';

type StaffSocket = Socket<StaffServerEvents, Record<string, never>>;

let hub: TestHub;
const sockets: StaffSocket[] = [];

/** A staff socket that records every `dispatches` list and `dispatch` update it gets. */
function connect(token: string) {
  const socket: StaffSocket = io(`${hub.httpUrl}/staff`, { auth: { token }, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 });
  sockets.push(socket);
  const lists: DispatchView[][] = [];
  const updates: DispatchView[] = [];
  socket.on('dispatches', (list) => void lists.push(list));
  socket.on('dispatch', (update) => void updates.push(update));
  return { socket, lists, updates };
}

function refusal(token: string): Promise<string> {
  const socket: StaffSocket = io(`${hub.httpUrl}/staff`, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve) => socket.once('connect_error', (error) => resolve(error.message)));
}

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await hub.close();
});

describe('/staff namespace', () => {
  it('tells each person only of their own dispatches, and sends the pending list again after a reconnect', async () => {
    const wang = connect(await login(hub, ...DEMO_LOGINS['s-wang']));
    const li = connect(await login(hub, ...DEMO_LOGINS['s-li']));
    await until('both lists', () => wang.lists.length === 1 && li.lists.length === 1);
    expect(wang.lists[0]).toEqual([]);

    await setPresence(hub, 's-wang', 'available', 'teller-line');
    await distress(hub, 'teller-line', 'help-request');
    const offer = await until('Wang\'s offer', () => wang.updates.find((update) => update.status === 'offered'));
    expect(offer).toMatchObject({ staffId: 's-wang', alert: { kind: 'help-request', zoneId: 'teller-line' } });

    await setPresence(hub, 's-wang', 'busy');
    await setPresence(hub, 's-li', 'available', 'lobby');
    await distress(hub, 'lobby', 'fall');
    const liOffer = await until('Li\'s offer', () => li.updates.find((update) => update.status === 'offered'));
    expect(liOffer.alert.kind).toBe('fall');
    expect(li.updates.map((update) => update.id)).toEqual([liOffer.id]);
    expect(wang.updates.map((update) => update.id)).toEqual([offer.id]);

    // The connection drops (Wi-Fi): socket.io reconnects, recovers, and the list comes again.
    wang.socket.io.engine.close();
    await until('the list after reconnecting', () => wang.lists.length === 2);
    expect(wang.socket.recovered).toBe(true);
    expect(wang.lists[1]!.map((dispatch) => [dispatch.id, dispatch.status])).toEqual([[offer.id, 'offered']]);

    // A deliberate reconnect (a reload) gets it too.
    wang.socket.disconnect();
    wang.socket.connect();
    await until('the list after a reload', () => wang.lists.length === 3);
    expect(wang.lists[2]!.map((dispatch) => dispatch.id)).toEqual([offer.id]);
  });

  it('shows the floor every dispatch and presence change', async () => {
    const floor = io(`${hub.httpUrl}/floor`, { auth: { token: await login(hub, ...DEMO_LOGINS['s-li']) }, transports: ['websocket'], reconnection: false });
    sockets.push(floor as unknown as StaffSocket);
    const seen: { event: string; payload: Record<string, unknown> }[] = [];
    floor.onAny((event: string, payload: Record<string, unknown>) => void seen.push({ event, payload }));
    await until('the floor snapshot', () => seen.some((entry) => entry.event === 'snapshot'));

    await setPresence(hub, 's-chen', 'available', 'vip-room');
    await until('Chen on the board', () => seen.find((entry) => entry.event === 'staff' && entry.payload.staffId === 's-chen' && entry.payload.status === 'available'));
    await distress(hub, 'vip-room', 'long-wait');
    await until('the dispatch on the floor', () => seen.find((entry) => entry.event === 'dispatch' && entry.payload.status === 'offered' && (entry.payload.alert as { zoneId: string }).zoneId === 'vip-room'));
  });

  it('tells a person of their own presence on connect and whenever it changes elsewhere', async () => {
    const socket: StaffSocket = io(`${hub.httpUrl}/staff`, { auth: { token: await login(hub, ...DEMO_LOGINS['s-wang']) }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const heard: StaffBoardEntry[] = [];
    socket.on('presence', (entry) => void heard.push(entry));
    await until('the presence on connect', () => heard.length === 1);
    expect(heard[0]).toMatchObject({ staffId: 's-wang', displayName: 'Wang Wei' });

    // The floor manager sends Wang on a break: his phone follows; Chen's change does not reach him.
    await setPresence(hub, 's-chen', 'available', 'vip-room');
    await setPresence(hub, 's-wang', 'break', 'lobby');
    const onBreak = await until('the floor\'s change', () => heard.find((entry) => entry.status === 'break'));
    expect(onBreak).toMatchObject({ staffId: 's-wang', zoneId: 'lobby' });
    expect(heard.every((entry) => entry.staffId === 's-wang')).toBe(true);
  });

  it('refuses a socket without a linked staff member or with the wrong role', async () => {
    expect(await refusal('not-a-token')).toMatch(/^unauthorized/);
    expect(await refusal(ADMIN_TOKEN)).toMatch(/^forbidden: \/staff needs the staff or floor role/);
    await hub.inject('POST', '/api/v1/users', { body: { username: 'helper', displayName: 'Helper', role: 'staff', password: 'helper-password' } });
    expect(await refusal(await login(hub, 'helper', 'helper-password'))).toMatch(/not linked to a staff member/);
  });
});
