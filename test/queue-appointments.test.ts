/**
 * Appointments as a customer meets them: free places per slot, booking with a short code,
 * cancelling, and checking in at the kiosk inside the window, which gives a priority ticket.
 * The hub's queue runs on a fake clock; Monday 2026-03-02 09:30 in Shanghai is 01:30 UTC.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';

const MONDAY_0930 = Date.parse('2026-03-02T01:30:00Z');
const clock = new FakeClock(MONDAY_0930);
let hub: TestHub;
const { call, take, callNext } = queueApi(() => hub);

/** An instant on Monday at branch time HH:MM, as the API writes it. */
const monday = (time: string) => new Date(Date.parse(`2026-03-02T${time}:00+08:00`)).toISOString();
const book = (serviceId: string, start: string) => call('POST', '/queue/appointments', { token: null, body: { serviceId, start } });
const checkIn = (code: string, body: unknown = { language: 'en' }) => call('POST', `/queue/appointments/${code}/check-in`, { token: null, body });

beforeAll(async () => {
  hub = await startTestHub({}, { now: clock.now });
});
afterAll(() => hub.close());
beforeEach(async () => {
  clock.ms = MONDAY_0930;
  await hub.db.ticket.deleteMany();
  await hub.db.appointment.deleteMany();
});

describe('slots', () => {
  it('lists the day\'s slots in branch time, with no places left in those already started', async () => {
    const { status, body } = await call('GET', '/queue/appointments/slots?serviceId=accounts&date=2026-03-02', { token: null });
    expect(status).toBe(200);
    expect(body).toHaveLength(32);
    expect(body[0]).toEqual({ start: monday('09:00'), end: monday('09:15'), free: 0 });
    expect(body[2]).toMatchObject({ start: monday('09:30'), free: 0 });
    expect(body[3]).toEqual({ start: monday('09:45'), end: monday('10:00'), free: 2 });
    expect(body.at(-1)).toMatchObject({ start: monday('16:45'), end: monday('17:00') });
  });

  it.each([
    ['serviceId=teller&date=2026-03-02', 404, 'does not take appointments'],
    ['serviceId=loans&date=2026-03-02', 404, 'service loans'],
    ['serviceId=accounts&date=2026-02-30', 400, 'YYYY-MM-DD'],
    ['serviceId=accounts&date=2026-03-01', 400, 'in the past'],
    ['serviceId=accounts&date=2026-06-01', 400, '30 days ahead'],
    ['serviceId=accounts', 400, 'date'],
  ])('answers ?%s with %i', async (query, status, word) => {
    const answer = await call('GET', `/queue/appointments/slots?${query}`, { token: null });
    expect(answer.status).toBe(status);
    expect(answer.body.message).toContain(word);
  });
});

describe('booking', () => {
  it('books a slot until it is full, and a cancellation frees a place', async () => {
    const first = await book('accounts', monday('10:00'));
    expect(first).toMatchObject({ status: 201, body: { serviceId: 'accounts', start: monday('10:00'), end: monday('10:15') } });
    expect(first.body.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect((await book('accounts', monday('10:00'))).status).toBe(201);
    expect(await book('accounts', monday('10:00'))).toMatchObject({ status: 409, body: { message: 'this slot is full; choose another one' } });
    // Another service's places are its own.
    expect((await book('fx', monday('10:00'))).status).toBe(201);
    const slot = async () => (await call('GET', '/queue/appointments/slots?serviceId=accounts&date=2026-03-02', { token: null })).body.find((s: { start: string }) => s.start === monday('10:00'));
    expect(await slot()).toMatchObject({ free: 0 });
    expect(await call('POST', `/queue/appointments/${first.body.code}/cancel`, { token: null })).toMatchObject({ status: 200, body: { code: first.body.code } });
    expect(await slot()).toMatchObject({ free: 1 });
    expect(await call('POST', `/queue/appointments/${first.body.code}/cancel`, { token: null })).toMatchObject({ status: 409, body: { message: expect.stringContaining('cancelled') } });
  });

  it('never lets two customers take a slot\'s last place together', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => book('wealth', monday('11:00'))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 409, 409]);
  });

  it.each([
    ['a time between slots', 'accounts', '10:05', 400, 'not the start of a slot'],
    ['a slot that has started', 'accounts', '09:15', 409, 'already started'],
    ['after closing time', 'accounts', '17:00', 400, 'not the start of a slot'],
    ['a service without appointments', 'teller', '10:00', 404, 'does not take appointments'],
  ])('refuses %s', async (_what, serviceId, time, status, message) => {
    const answer = await book(serviceId, monday(time));
    expect(answer.status).toBe(status);
    expect(answer.body.message).toContain(message);
  });

  it('refuses a start that is not a date-time', async () => {
    expect(await call('POST', '/queue/appointments', { token: null, body: { serviceId: 'accounts', start: 'tomorrow' } })).toMatchObject({ status: 400, body: { message: expect.stringContaining('start') } });
  });
});

describe('check-in', () => {
  it('opens 30 minutes before the slot and gives an appointment ticket that goes ahead of walk-ins', async () => {
    const { body: booking } = await book('accounts', monday('10:30'));
    expect(await checkIn(booking.code)).toMatchObject({ status: 409, body: { message: 'too early: check-in opens 2026-03-02 10:00, 30 minutes before the appointment' } });
    clock.ms = Date.parse(monday('10:00'));
    const walkIn = await take('accounts');
    clock.advance(1);
    const ticket = await checkIn(booking.code.toLowerCase());
    expect(ticket).toMatchObject({ status: 201, body: { priority: 'appointment', serviceId: 'accounts', number: 'B002', status: 'waiting', position: 1 } });
    expect(await hub.db.appointment.findUniqueOrThrow({ where: { code: booking.code } })).toMatchObject({ status: 'checked-in' });
    expect(await checkIn(booking.code)).toMatchObject({ status: 409, body: { message: expect.stringContaining('checked-in') } });
    expect(await call('POST', `/queue/appointments/${booking.code}/cancel`, { token: null })).toMatchObject({ status: 409 });
    expect((await callNext('c4')).body).toMatchObject({ id: ticket.body.id });
    expect((await call('GET', `/queue/tickets/by-code/${walkIn.code}`, { token: null })).body).toMatchObject({ position: 1 });
  });

  it('closes 15 minutes after the slot starts', async () => {
    const { body: booking } = await book('fx', monday('10:00'));
    clock.ms = Date.parse(monday('10:15'));
    const noBody = await hub.api.inject({ method: 'POST', url: `/api/v1/queue/appointments/${booking.code}/check-in` });
    expect(noBody.statusCode).toBe(201);
    expect(JSON.parse(noBody.body)).toMatchObject({ priority: 'appointment' });
    expect((await hub.db.ticket.findFirstOrThrow({ where: { priority: 'appointment' } })).language).toBe('zh-CN');
    const { body: late } = await book('fx', monday('10:30'));
    clock.ms = Date.parse(monday('10:46'));
    expect(await checkIn(late.code)).toMatchObject({ status: 409, body: { message: expect.stringContaining('too late: check-in closed at 10:45') } });
  });

  it('answers unknown and malformed codes', async () => {
    expect(await checkIn('ZZZZZZ')).toMatchObject({ status: 404, body: { message: 'appointment with this code not found' } });
    expect(await checkIn('ABC')).toMatchObject({ status: 400 });
    expect(await checkIn('ABCDEF', { language: 'de' })).toMatchObject({ status: 400, body: { message: expect.stringContaining('language') } });
  });
});
