/** One error handler: validation errors answer 400 with every problem, 5xx details stay in the log. */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const conflict = (message: string) => new HttpError(409, message);

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.map((issue) => `${issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext || 'request'}: ${issue.message}`);
      return reply.code(400).send({ error: 'Bad Request', message: `invalid ${error.validationContext ?? 'request'}: ${problems.join('; ')}`, problems });
    }
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: STATUS_CODES[error.statusCode], message: error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      // The path only: a query string can hold a customer's own words (a self-help question), never logged.
      request.log.error({ err: error, path: request.url.split('?')[0], method: request.method }, 'request failed');
      return reply.code(status).send({ error: 'Internal Server Error', message: 'the hub could not complete the request; see its log' });
    }
    return reply.code(status).send({ error: error.code ?? 'Error', message: error.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` }));
}
