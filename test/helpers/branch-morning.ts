/**
 * A small morning at a branch through its real API, on a fake clock that starts at 09:50 in the
 * branch's time zone: three tickets (two teller, one accounts), both teller customers served (one
 * within the 10-minute target, one past it), the accounts customer leaves after 25 minutes, and
 * two feedback answers (one happy, one a complaint). Ends at 10:20.
 */
import { expect } from 'vitest';
import type { TestHub } from './in-process-hub.ts';
import { queueApi, type FakeClock } from './queue-api.ts';

export async function servedMorning(hub: TestHub, clock: FakeClock): Promise<void> {
  const { call, take, callNext, act, openOnly } = queueApi(() => hub);
  const answer = async (code: string, csat: number, nps: number, comment?: string) => {
    expect((await call('POST', '/feedback', { token: null, body: { ticketCode: code, csat, nps, comment, language: 'en' } })).status).toBe(201);
  };
  await openOnly('c1', 'c2', 'c4');
  const first = await take('teller');
  clock.advance(2);
  const second = await take('teller');
  clock.advance(3);
  const third = await take('accounts');
  clock.advance(3);
  expect((await callNext('c2')).body).toMatchObject({ id: first.id });
  clock.advance(1);
  await act(first.id, 'start');
  clock.advance(6);
  await act(first.id, 'done');
  expect((await callNext('c2')).body).toMatchObject({ id: second.id });
  clock.advance(1);
  await act(second.id, 'start');
  await answer(first.code, 5, 10);
  clock.advance(4);
  await act(second.id, 'done');
  clock.advance(2);
  await answer(second.code, 2, 3, 'The wait was too long');
  clock.advance(8);
  await act(third.id, 'left');
}
