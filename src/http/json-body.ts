import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../errors/app-error';

/**
 * Fastify's JSON parser, made to say which of two things went wrong: text that is
 * not JSON (invalid_json), or JSON refused on purpose because a `__proto__` or
 * `constructor` key could poison prototypes (invalid_request).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new AppError('invalid_json', 'The request body is empty.'), undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const poisoned = error instanceof SyntaxError && /forbidden (prototype|constructor) property/.test(error.message);
      done(
        poisoned
          ? new AppError('invalid_request', 'The body uses a forbidden key (__proto__ or constructor).')
          : new AppError('invalid_json', 'The request body is not valid JSON.'),
        undefined,
      );
    }
  });
}
