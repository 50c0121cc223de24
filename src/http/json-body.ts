import type { FastifyInstance } from 'fastify';
import { isUtf8 } from 'node:buffer';
import secureJson from 'secure-json-parse';
import { AppError, ValidationFailed } from '../errors/app-error';
import { findInexactJson } from '../json/exact-json';

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

/** What JSON.parse would have changed silently, as the refusal that names the field. */
function inexactJsonError(text: string): AppError | null {
  const inexact = findInexactJson(text);
  if (!inexact) return null;
  if (inexact.problem === 'duplicate_key') {
    return new AppError('invalid_request', `${inexact.path} is written twice in the same object.`, [
      { field: inexact.path, message: 'is written twice in the same object' },
    ]);
  }
  return new ValidationFailed([{ field: inexact.path, message: 'is a number JSON cannot carry exactly (out of range, rounded or -0)' }]);
}

/**
 * Fastify's JSON parser, made to say which of several things went wrong: bytes that
 * are not UTF-8 or text that is not JSON (invalid_json); JSON refused on purpose
 * because a `__proto__` or `constructor` key could poison prototypes, or a key is
 * written twice (invalid_request); a number that would not be stored as sent
 * (validation_failed). Nothing is ever altered on its way to the database.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // A route that does not exist, or a method it does not take, is answered as such
    // (404, 405) whatever the body holds: the body is not read at all.
    if (request.is404) return done(null, undefined);
    const bytes = body as Buffer;
    // Decoding would turn invalid bytes into U+FFFD: text other than what was sent.
    if (!isUtf8(bytes)) return done(new AppError('invalid_json', 'The request body is not valid UTF-8.'), undefined);
    const text = bytes.toString('utf8');
    if (text.trim() === '') return done(new AppError('invalid_json', 'The request body is empty.'), undefined);
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(new AppError('invalid_request', `The body is nested more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
    }
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch (error) {
      const poisoned = error instanceof SyntaxError && /forbidden (prototype|constructor) property/.test(error.message);
      return done(
        poisoned
          ? new AppError('invalid_request', 'The body uses a forbidden key (__proto__ or constructor).')
          : new AppError('invalid_json', 'The request body is not valid JSON.'),
        undefined,
      );
    }
    const inexact = inexactJsonError(text);
    return inexact ? done(inexact, undefined) : done(null, parsed);
  });
}
