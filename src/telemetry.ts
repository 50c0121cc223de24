/**
 * Imported first by main.ts. With OTEL_EXPORTER_OTLP_ENDPOINT unset, this loads
 * nothing of OpenTelemetry: tracing then costs one environment read. Set, it starts
 * tracing before any instrumented module (http, fastify, graphql, pg) is required.
 */
import { loadTelemetryConfig } from './config';

let stop: (() => Promise<void>) | undefined;

const { otlpEndpoint } = loadTelemetryConfig();
if (otlpEndpoint) {
  // A synchronous require, on purpose: an import() would resolve after main's other imports had loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./observability/tracing') as typeof import('./observability/tracing');
  const provider = startTracing({ otlpEndpoint });
  stop = () => provider.shutdown();
}

/** Sends the spans still buffered; nothing to do when tracing is off. */
export async function stopTelemetry(): Promise<void> {
  await stop?.().catch(() => undefined);
}
