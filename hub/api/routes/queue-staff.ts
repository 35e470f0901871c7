/** The queue at the counters: staff open and close counters, call tickets and move them along. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id, type Role } from '../../branch/branch-config.ts';
import { followCounterStaffing } from '../../dispatch/counter-presence.ts';
import { TICKET_STATUSES } from '../../queue/lifecycle.ts';
import { TICKET_ACTIONS, type TicketAction } from '../../queue/queue-service.ts';
import { counterView, ticketView } from '../../queue/schemas.ts';
import { caller } from '../auth-plugin.ts';
import type { RouteOptions } from '../app.ts';

export const QUEUE_STAFF: readonly Role[] = ['admin', 'floor', 'staff'];

const counterParams = z.object({ id: id.describe('counter id') });
const ticketParams = z.object({ id: z.string().min(1).max(64).describe('ticket id') });

const ACTION_SUMMARY: Record<TicketAction, string> = {
  start: 'Start serving a called ticket',
  done: 'Finish serving a ticket',
  'no-show': 'The customer did not come (waiting or called)',
  left: 'The customer left before service (waiting or called)',
};

export const queueStaffRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const { queue } = deps;
  const config = { roles: QUEUE_STAFF };
  const view = async (ticket: Parameters<typeof queue.views.ticketView>[0]) => queue.views.ticketView(ticket, await queue.views.snapshot());

  app.get('/queue/counters', {
    config,
    schema: { summary: 'Counters: open or closed, services, current ticket, waiting per service', response: { 200: z.array(counterView) } },
  }, () => queue.views.counters());

  for (const action of ['open', 'close'] as const) {
    app.post(`/queue/counters/:id/${action}`, {
      config,
      schema: { summary: action === 'open' ? 'Open a counter: the caller\'s staff member works it (busy, in the counter zone)' : 'Close a counter (not while it holds a called or serving ticket); whoever worked it is available again', params: counterParams, response: { 200: counterView } },
    }, async (request) => {
      // The person opening it works it (a login without a staff member, or the admin token, is nobody).
      const staffId = action === 'open' ? await deps.dispatch.roster.staffIdOf(caller(request)) : null;
      const staffing = await queue.setCounterOpen(request.params.id, action === 'open', staffId);
      await followCounterStaffing(deps, staffing);
      await deps.audit.record(caller(request).name, `counter.${action}`, request.params.id, { staffId: staffing.staffId });
      return (await queue.views.counters()).find((counter) => counter.id === request.params.id)!;
    });
  }

  app.post('/queue/counters/:id/call-next', {
    config,
    schema: { summary: 'Call the next ticket by the fairness policy', params: counterParams, response: { 200: ticketView } },
  }, async (request) => view(await queue.callNext(request.params.id, caller(request).name)));

  app.post('/queue/tickets/:id/recall', {
    config,
    schema: { summary: 'Call the same ticket again (the display chimes again)', params: ticketParams, response: { 200: ticketView } },
  }, async (request) => view(await queue.recall(request.params.id, caller(request).name)));

  for (const action of Object.keys(TICKET_ACTIONS) as TicketAction[]) {
    app.post(`/queue/tickets/:id/${action}`, {
      config,
      schema: { summary: ACTION_SUMMARY[action], params: ticketParams, response: { 200: ticketView } },
    }, async (request) => view(await queue.act(request.params.id, action, caller(request).name)));
  }

  app.post('/queue/tickets/:id/transfer', {
    config,
    schema: {
      summary: 'Send the customer to another service: a new waiting ticket with the same number and place in line',
      params: ticketParams,
      body: z.strictObject({ serviceId: id }),
      response: { 201: ticketView },
    },
  }, async (request, reply) => reply.code(201).send(await view(await queue.transfer(request.params.id, request.body.serviceId, caller(request).name))));

  app.get('/queue/tickets', {
    config,
    schema: {
      summary: 'Today\'s tickets (branch-local day), oldest first',
      querystring: z.object({ status: z.enum(TICKET_STATUSES).optional(), serviceId: id.optional() }),
      response: { 200: z.array(ticketView) },
    },
  }, (request) => queue.views.today(request.query));
};
