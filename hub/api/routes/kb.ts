/**
 * The self-help knowledge base. Anyone may read and search it (the lobby kiosk, a customer's
 * phone); only admins change it, and every change is audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KB_CATEGORIES, kbArticle, kbArticleChange, kbArticleInput, kbArticleSummary } from '../../kb/article.ts';
import { isSure } from '../../kb/need-search.ts';
import { KB_LANGUAGES } from '../../kb/search.ts';
import { caller } from '../auth-plugin.ts';
import { conflict, notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const params = z.object({ id: z.string().max(63) });
const tags = ['knowledge base'];

export const kbRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  app.get('/kb/articles', {
    config: { roles: 'public', publicRate: 'read' },
    schema: {
      summary: 'Search the self-help articles (ranked by relevance), or list them all by category without q',
      tags,
      security: [],
      querystring: z.strictObject({
        q: z.string().max(200).optional().describe('what the customer typed, in English or Chinese; typos are tolerated'),
        lang: z.enum(KB_LANGUAGES).default('zh-CN').describe("the customer's language: its text counts more, and the list is sorted by its titles"),
        category: z.enum(KB_CATEGORIES).optional(),
        limit: z.coerce.number().int().min(1).max(50).default(10).describe('search results at most; a list without q is never cut'),
      }),
      response: {
        200: z.object({
          items: z.array(kbArticleSummary),
          sure: z.boolean().nullable().describe('with q: whether the first item answers it surely enough to open; when false the kiosk says it is not sure, shows its best guesses and offers a person. Null without q'),
        }),
      },
    },
  }, async (request) => {
    const items = deps.kb.list(request.query);
    const question = request.query.q?.trim();
    return { items, sure: question ? isSure(question, items[0]?.confidence) : null };
  });

  app.get('/kb/articles/:id', {
    config: { roles: 'public', publicRate: 'read' },
    schema: { summary: 'One article with its steps in both languages', tags, security: [], params, response: { 200: kbArticle } },
  }, async (request) => {
    const article = deps.kb.get(request.params.id);
    if (!article) throw notFound(`article ${request.params.id}`);
    return article;
  });

  app.post('/kb/articles', {
    config: { roles: ['admin'] },
    schema: { summary: 'Add an article', tags, body: kbArticleInput, response: { 201: kbArticle } },
  }, async (request, reply) => {
    const article = await deps.kb.create(request.body);
    if (!article) throw conflict(`article ${request.body.id} already exists`);
    await deps.audit.record(caller(request).name, 'kb.create', article.id, { titleEn: article.titleEn });
    return reply.code(201).send(article);
  });

  app.put('/kb/articles/:id', {
    config: { roles: ['admin'] },
    schema: { summary: 'Replace an article', tags, params, body: kbArticleChange, response: { 200: kbArticle } },
  }, async (request) => {
    const article = await deps.kb.replace(request.params.id, request.body);
    if (!article) throw notFound(`article ${request.params.id}`);
    await deps.audit.record(caller(request).name, 'kb.update', article.id, { titleEn: article.titleEn });
    return article;
  });

  app.delete('/kb/articles/:id', {
    config: { roles: ['admin'] },
    schema: { summary: 'Remove an article', tags, params },
  }, async (request, reply) => {
    if (!(await deps.kb.remove(request.params.id))) throw notFound(`article ${request.params.id}`);
    await deps.audit.record(caller(request).name, 'kb.delete', request.params.id);
    return reply.code(204).send();
  });
};
