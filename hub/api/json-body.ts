/**
 * JSON request bodies: fastify's own parser (prototype-poisoning checks included), then every
 * string and key must be valid Unicode. JSON can carry a lone surrogate (`"\ud800"`) that no
 * database column can hold; such a body is refused with 400 here instead of failing later.
 */
import type { FastifyInstance } from 'fastify';
import { isWellFormed } from '../../protocol/text.ts';
import { HttpError } from './errors.ts';

/** The first string (or key) in `value` that is not valid Unicode, as a path; iterative, so depth costs no stack. */
export function illFormedTextAt(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (!isWellFormed(current)) return path || '(body)';
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const at = Array.isArray(current) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
        if (!isWellFormed(key)) return at;
        pending.push([item, at]);
      }
    }
  }
  return null;
}

export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      const at = illFormedTextAt(value);
      if (at) return done(new HttpError(400, `invalid body: ${at}: text must be valid Unicode (it holds a lone surrogate)`), undefined);
      done(null, value);
    });
  });
}
