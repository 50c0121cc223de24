import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors/app-error';
import { ERROR_CATALOGUE, ERROR_TYPE_DESCRIPTIONS } from '../errors/catalogue';
import { toEnvelope } from '../errors/envelope';
import { newTracer, TRACER_HEADER } from './tracer';

/** Node's parser refusals, in catalogue terms: everything but these two is a malformed request. */
function refusalOf(error: NodeJS.ErrnoException): AppError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return new AppError('request_header_too_large');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError('request_timeout');
  return new AppError('invalid_request', 'The request is not valid HTTP/1.1.');
}

/** A complete HTTP/1.1 answer holding April's envelope, written without Fastify (it never saw the request). */
function rawEnvelopeResponse(refusal: AppError, tracer: string): string {
  const status = ERROR_CATALOGUE[refusal.errorCode].status;
  const body = JSON.stringify(toEnvelope(refusal, tracer));
  return [
    `HTTP/1.1 ${status} ${ERROR_TYPE_DESCRIPTIONS[status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${TRACER_HEADER}: ${tracer}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Refusals by Node's HTTP layer itself (oversized headers, malformed or smuggling
 * requests, a request that took too long to arrive) answered as every other error
 * is: April's envelope, a fresh tracer in X-Tracer and in the log line.
 */
export function clientErrorHandler(log: FastifyBaseLogger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const tracer = newTracer();
    const refusal = refusalOf(error);
    log.info({ tracer, errorCode: refusal.errorCode, parserCode: error.code }, 'request refused by the HTTP parser');
    if (socket.writable) socket.end(rawEnvelopeResponse(refusal, tracer));
    else socket.destroy();
  };
}

/** `Expect:` other than 100-continue: Node would answer a bare 417; this answers the envelope. */
export function expectationFailedHandler(log: FastifyBaseLogger) {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    const tracer = newTracer();
    const refusal = new AppError('expectation_failed');
    log.info({ tracer, errorCode: refusal.errorCode }, 'request refused: unsupported Expect header');
    const body = JSON.stringify(toEnvelope(refusal, tracer));
    response.writeHead(ERROR_CATALOGUE.expectation_failed.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      [TRACER_HEADER]: tracer,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'close',
    });
    response.end(body);
  };
}
