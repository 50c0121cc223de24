import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../errors/app-error';

/** Deeper than any real request; deep enough nesting would overflow the stack of every recursive step after parsing. */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` nests objects and arrays deeper than `limit`: one pass, strings skipped. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}

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
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(new AppError('invalid_request', `The body is nested more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
    }
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
