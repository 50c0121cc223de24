import type { FastifyRequest } from 'fastify';

/** One header as a string: repeated headers are joined, as HTTP says they may be. */
export function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
