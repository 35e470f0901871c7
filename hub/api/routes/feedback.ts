/**
 * Customer feedback: the kiosk or the customer's phone posts it (no login, no personal data
 * asked); the branch and HQ read it back for reporting.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instant } from '../instant.ts';
import { feedbackInput, feedbackItem, feedbackSummary } from '../../feedback/schema.ts';
import { conflict, HttpError } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const tags = ['feedback'];

export const feedbackRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.post('/feedback', {
    config: { roles: 'public', publicRate: 'write' },
    schema: {
      summary: 'Leave feedback after service; with a ticket code it is linked to that ticket and its service, once',
      tags,
      security: [],
      body: feedbackInput,
      response: { 201: z.object({ id: z.string() }) },
    },
  }, async (request, reply) => {
    const result = await deps.feedback.submit(request.body);
    if (!result.ok) {
      if (result.reason === 'unknown-ticket') throw new HttpError(404, 'no ticket has this code; check the code on the ticket, or send the feedback without it');
      throw conflict('feedback for this ticket has already been given');
    }
    return reply.code(201).send({ id: result.feedback.id });
  });

  app.get('/feedback', {
    config: { roles: ['admin', 'floor', 'hq'] },
    schema: {
      summary: 'Feedback in a time range, newest first, with CSAT and NPS over the whole range',
      tags,
      querystring: z
        .strictObject({
          from: instant.optional().describe('inclusive'),
          to: instant.optional().describe('exclusive'),
          limit: z.coerce.number().int().min(1).max(1000).default(200).describe('answers listed at most; the summary counts them all'),
        })
        .refine((query) => !query.from || !query.to || new Date(query.from) < new Date(query.to), { message: 'from must be before to', path: ['to'] }),
      response: { 200: z.object({ items: z.array(feedbackItem), summary: feedbackSummary }) },
    },
  }, async (request) => {
    const { from, to, limit } = request.query;
    return deps.feedback.list({ ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}), limit });
  });
};
