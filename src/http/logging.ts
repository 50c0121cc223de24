import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config';

/**
 * Errors are logged by name, code, message and stack only. A pg error's `detail`
 * repeats the row's key values (an email, say) and its `where` can hold SQL: neither
 * is ever written.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined && { code }),
    ...(constraint !== undefined && { constraint }),
    stack: error.stack,
    ...(error.cause !== undefined && { cause: serializeError(error.cause) }),
  };
}

interface LoggedRequest {
  method: string;
  url: string;
  ip: string;
}

/** A request as logged: no headers, and no query string (a GraphQL GET carries its query, emails and all, there). */
function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  const queryAt = request.url.indexOf('?');
  return { method: request.method, url: queryAt === -1 ? request.url : `${request.url.slice(0, queryAt)}?…`, remoteAddress: request.ip };
}

export function loggerOptions(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: { err: serializeError as never, req: serializeRequest as never },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
}
