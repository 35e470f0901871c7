/**
 * The queue's public routes, for the lobby kiosk, the display and the customer's phone: no
 * credentials, no personal data in or out. A ticket is reached only through its secret code.
 * Staff may send their token to POST /queue/tickets to issue `vip` tickets too.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../branch/branch-config.ts';
import { CALENDAR_DAY_MESSAGE, isCalendarDay } from '../../queue/branch-time.ts';
import { appointmentSlot, appointmentView, board, LANGUAGES, serviceSummary, ticketView } from '../../queue/schemas.ts';
import { HttpError } from '../errors.ts';
import type { RouteOptions } from '../app.ts';
import { QUEUE_STAFF } from './queue-staff.ts';

const codeParams = z.object({ code: z.string().min(1).max(64).describe('the secret code from the ticket\'s QR code') });
const appointmentParams = z.object({ code: z.string().regex(/^[A-Za-z0-9]{6}$/, 'a 6-character appointment code') });
const language = z.enum(LANGUAGES);
const idempotency = z.object({
  'idempotency-key': z.string().min(8).max(128).optional().describe('the same random key on every retry of one request: a retry within 10 minutes answers the first result'),
});

/** Anyone may call these; each counts against its address's read or write budget (public-rate-limit.ts). */
const READ = { roles: 'public', publicRate: 'read' } as const;
const WRITE = { roles: 'public', publicRate: 'write' } as const;

export const queuePublicRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const { queue } = deps;

  app.get('/queue/services', {
    config: READ,
    schema: { summary: 'Services customers can take a ticket for, with their queue and predicted wait', response: { 200: z.array(serviceSummary) } },
  }, () => queue.views.services());

  app.post('/queue/tickets', {
    config: WRITE,
    schema: {
      summary: 'Take a ticket (staff, with their token, may also issue vip tickets)',
      body: z.strictObject({
        serviceId: id,
        priority: z.enum(['normal', 'assisted', 'vip']).default('normal').describe('assisted: elderly or disabled; vip: staff only'),
        language,
      }),
      headers: idempotency,
      response: { 201: ticketView },
    },
  }, async (request, reply) => {
    const { serviceId, priority, language: lang } = request.body;
    // Anonymous at the kiosk; a token, when sent, must be valid and names who issued the ticket.
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const principal = token ? await deps.resolveToken(token) : null;
    if (token && !principal) throw new HttpError(401, 'the token is unknown or expired');
    if (priority === 'vip' && !(principal && QUEUE_STAFF.includes(principal.role))) throw new HttpError(403, `only staff (${QUEUE_STAFF.join(', ')}) may issue vip tickets`);
    const actor = principal?.name ?? 'customer';
    const key = request.headers['idempotency-key'];
    const ticket = await queue.requests.run(key && `ticket:${key}:${JSON.stringify(request.body)}`, () => queue.issue({ serviceId, priority, language: lang, actor }));
    return reply.code(201).send(queue.views.ticketView(ticket, await queue.views.snapshot()));
  });

  app.get('/queue/tickets/by-code/:code', {
    config: READ,
    schema: { summary: 'The customer\'s ticket by its secret code', params: codeParams, response: { 200: ticketView } },
  }, (request) => queue.views.ticketByCode(request.params.code));

  app.post('/queue/tickets/by-code/:code/cancel', {
    config: WRITE,
    schema: { summary: 'The customer gives up their ticket', params: codeParams, response: { 200: ticketView } },
  }, async (request) => {
    const ticket = await queue.cancelByCode(request.params.code);
    return queue.views.ticketView(ticket, await queue.views.snapshot());
  });

  app.get('/queue/board', {
    config: READ,
    schema: { summary: 'The "now serving" board: latest calls and each service\'s queue', response: { 200: board } },
  }, () => queue.views.board());

  app.get('/queue/appointments/slots', {
    config: READ,
    schema: {
      summary: 'Appointment slots of a service on a branch-local day, with free places',
      querystring: z.object({ serviceId: id, date: z.string().refine(isCalendarDay, CALENDAR_DAY_MESSAGE) }),
      response: { 200: z.array(appointmentSlot) },
    },
  }, (request) => queue.appointments.slots(request.query.serviceId, request.query.date));

  app.post('/queue/appointments', {
    config: WRITE,
    schema: {
      summary: 'Book an appointment slot; answers its 6-character code',
      body: z.strictObject({ serviceId: id, start: z.iso.datetime({ offset: true }).describe('a slot start from /queue/appointments/slots') }),
      headers: idempotency,
      response: { 201: appointmentView },
    },
  }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const { serviceId, start } = request.body;
    return reply.code(201).send(await queue.requests.run(key && `appointment:${key}:${JSON.stringify(request.body)}`, () => queue.appointments.book(serviceId, start)));
  });

  app.post('/queue/appointments/:code/cancel', {
    config: WRITE,
    schema: { summary: 'Cancel a booked appointment', params: appointmentParams, response: { 200: appointmentView } },
  }, (request) => queue.appointments.cancel(request.params.code));

  app.post('/queue/appointments/:code/check-in', {
    config: WRITE,
    schema: {
      summary: 'Check in from 30 minutes before to 15 minutes after the slot start: issues an appointment ticket',
      params: appointmentParams,
      body: z.strictObject({ language: language.describe('the customer\'s language; zh-CN when no body is sent') }).nullish(),
      response: { 201: ticketView },
    },
  }, async (request, reply) => {
    const ticket = await queue.appointments.checkIn(request.params.code, request.body?.language ?? 'zh-CN');
    return reply.code(201).send(queue.views.ticketView(ticket, await queue.views.snapshot()));
  });
};
