import type { IncomingMessage } from 'node:http';
import { randomBytesPooled } from '../ids';

export const TRACER_HEADER = 'x-tracer';

// W3C trace context: version-traceid-parentid-flags, trace id not all zeros.
const TRACEPARENT = /^[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A fresh tracer: unique per request, whatever the caller sends. */
export function newTracer(): string {
  return randomBytesPooled(16).toString('hex');
}

/**
 * The trace id of the caller's W3C `traceparent`, when it sends a valid one. It is
 * logged beside the tracer, never used as one: many requests share a trace.
 */
export function traceIdOf(request: IncomingMessage): string | undefined {
  const traceparent = request.headers.traceparent;
  return typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim())?.[1] : undefined;
}
