/**
 * Who works each counter, as the floor manager sees it: the person who opens a counter is shown at
 * it and is busy in the counter zone (not free for a dispatch); closing it clears the counter and
 * makes them available again. The floor's `/floor` socket hears each presence change.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterChange } from '../hub/queue/queue-events.ts';
import type { FloorServerEvents } from '../hub/realtime/realtime.ts';
import type { StaffBoardEntry } from '../hub/dispatch/types.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { DEMO_LOGINS, distress, login } from './helpers/dispatch-api.ts';
import { until } from './helpers/until.ts';

let hub: TestHub;
let wang: string;
let li: string;
let floor: Socket<FloorServerEvents>;
const floorHeard: StaffBoardEntry[] = [];
const counterChanges: CounterChange[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  wang = await login(hub, ...DEMO_LOGINS['s-wang']);
  li = await login(hub, ...DEMO_LOGINS['s-li']);
  hub.bus.on('queue.counter', (change) => void counterChanges.push(change));
  floor = io(`${hub.httpUrl}/floor`, { auth: { token: li }, transports: ['websocket'], reconnection: false });
  floor.on('staff', (entry) => void floorHeard.push(entry));
  await new Promise<void>((resolve) => floor.once('snapshot', () => resolve()));
});
afterAll(async () => {
  floor.close();
  await hub.close();
});

const counter = async (id: string) => {
  const answer = await hub.inject('GET', '/api/v1/queue/counters', { token: li });
  return (answer.body as unknown as Record<string, unknown>[]).find((candidate) => candidate.id === id)!;
};
const presenceOf = async (staffId: string) => {
  const answer = await hub.inject('GET', '/api/v1/staff/board', { token: li });
  return (answer.body as unknown as StaffBoardEntry[]).find((entry) => entry.staffId === staffId)!;
};
const setCounter = (id: string, action: 'open' | 'close', token?: string) => hub.inject('POST', `/api/v1/queue/counters/${id}/${action}`, { token });

describe('who works a counter', () => {
  it('shows Wang Wei at the counter he opens, busy in the counter zone; closing clears it and frees him', async () => {
    const opened = await setCounter('c1', 'open', wang);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id: 'c1', open: true, staffId: 's-wang', staffName: 'Wang Wei' });
    expect(await counter('c1')).toMatchObject({ open: true, staffId: 's-wang', staffName: 'Wang Wei' });
    expect(await presenceOf('s-wang')).toMatchObject({ status: 'busy', zoneId: 'counters' });
    expect(counterChanges.at(-1)).toEqual({ counterId: 'c1', open: true, staffId: 's-wang', staffName: 'Wang Wei' });
    await until('the floor hears Wang is busy', () => floorHeard.find((entry) => entry.staffId === 's-wang' && entry.status === 'busy' && entry.zoneId === 'counters'));

    const closed = await setCounter('c1', 'close', wang);
    expect(closed.body).toMatchObject({ id: 'c1', open: false, staffId: null, staffName: null });
    expect(await presenceOf('s-wang')).toMatchObject({ status: 'available', zoneId: 'counters' });
    expect(counterChanges.at(-1)).toEqual({ counterId: 'c1', open: false, staffId: null, staffName: null });
    await until('the floor hears Wang is available', () => floorHeard.find((entry) => entry.staffId === 's-wang' && entry.status === 'available'));
  });

  it('records nobody for the admin token, and keeps who works an open counter when it opens it again', async () => {
    await setCounter('c2', 'close');
    expect((await setCounter('c2', 'open')).body).toMatchObject({ open: true, staffId: null, staffName: null });

    await setCounter('c2', 'open', li);
    expect(await counter('c2')).toMatchObject({ staffId: 's-li', staffName: 'Li Na' });
    expect((await setCounter('c2', 'open')).body).toMatchObject({ staffId: 's-li' });
    // The floor manager closing a counter someone works frees that person.
    await setCounter('c2', 'close', li);
    expect(await presenceOf('s-li')).toMatchObject({ status: 'available' });
  });

  it('keeps a person working two counters busy until they leave the last one, and frees the one handed over from', async () => {
    await setCounter('c1', 'open', wang);
    await setCounter('c4', 'open', wang);
    await setCounter('c1', 'close', wang);
    expect(await presenceOf('s-wang')).toMatchObject({ status: 'busy' });

    // Li takes over counter 4 from Wang: he has no counter left.
    await setCounter('c4', 'open', li);
    expect(await counter('c4')).toMatchObject({ staffId: 's-li' });
    expect(await presenceOf('s-wang')).toMatchObject({ status: 'available' });
    expect(await presenceOf('s-li')).toMatchObject({ status: 'busy', zoneId: 'counters' });
  });

  it('keeps someone busy who leaves the counter while holding a dispatch they accepted', async () => {
    await setCounter('c1', 'open', wang);
    await distress(hub, 'lobby', 'help-request');
    // Nobody is free: the floor manager sends Wang from his counter, and he accepts.
    const open = await until('the help request to escalate or wait', async () => {
      const answer = await hub.inject('GET', '/api/v1/alerts?status=open', { token: li });
      return (answer.body as unknown as { id: string; kind: string }[]).find((alert) => alert.kind === 'help-request');
    });
    const detail = await until('its dispatch', async () => (await hub.inject('GET', `/api/v1/alerts/${open.id}`, { token: li })).body?.dispatch as { id: string } | null);
    expect((await hub.inject('POST', `/api/v1/dispatches/${detail.id}/reassign`, { token: li, body: { staffId: 's-wang' } })).status).toBe(200);
    expect((await hub.inject('POST', `/api/v1/dispatches/${detail.id}/accept`, { token: wang })).status).toBe(200);

    await setCounter('c1', 'close', wang);
    expect(await presenceOf('s-wang')).toMatchObject({ status: 'busy' });
  });
});
