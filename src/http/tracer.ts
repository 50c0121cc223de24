import { randomBytesPooled } from '../ids';
import type { IncomingMessage } from 'node:http';

export const TRACER_HEADER = 'x-tracer';

// W3C trace context: version-traceid-parentid-flags, trace id not all zeros.
const TRACEPARENT = /^[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The request's tracer: the caller's W3C trace id when it sends one, else a fresh one of the same shape. */
export function tracerFor(request: IncomingMessage): string {
  const traceparent = request.headers.traceparent;
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim()) : null;
  return match ? match[1]! : randomBytesPooled(16).toString('hex');
}
