import { FastifyOtelInstrumentation } from '@fastify/otel';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { markTracingStarted } from './tracing-state';

/** A path without its query string: a GraphQL GET carries its document, emails and all, there. */
function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0]!;
}

/** The instrumentations, configured to record no personal data: no query strings, no SQL values, no GraphQL variables. */
function instrumentations() {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => pathOnly(request.url).startsWith('/health/'),
      requestHook: (span, request) => {
        if (!('url' in request)) return; // an outgoing request: the service makes none but the exporter's
        const target = pathOnly(request.url);
        span.setAttribute('http.target', target);
        span.setAttribute('url.path', target);
        span.setAttribute('http.url', target);
      },
      redactedQueryParamsServer: [],
    }),
    // Fastify's own instrumentation (for Fastify 5): it joins each app as it initialises,
    // through a diagnostics channel, instead of replacing the module's exports.
    new FastifyOtelInstrumentation({ registerOnInitialization: true, ignorePaths: (route) => route.url.startsWith('/health/') }),
    // One span per field would drown the trace: type-graphql wraps every field in a resolver of its own, so
    // ignoreTrivialResolveSpans alone spares none; depth 1 keeps the top-level field (upsertCustomer) only.
    new GraphQLInstrumentation({ depth: 1, ignoreTrivialResolveSpans: true, mergeItems: true, allowValues: false }),
    // Statements are recorded as sent: parameterised, so no value appears.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
  ];
}

export interface TracingOptions {
  /** OTLP/HTTP collector base, as OTEL_EXPORTER_OTLP_ENDPOINT gives it; spans go to `<endpoint>/v1/traces`. */
  readonly otlpEndpoint?: string;
  /** Instead of the OTLP exporter: how the tests capture spans. */
  readonly spanProcessor?: SpanProcessor;
}

/**
 * Registers the tracer provider, the W3C trace-context propagator (an incoming
 * `traceparent` is continued) and the instrumentations. Must run before http,
 * fastify, graphql and pg are first required: they are patched as they load.
 */
export function startTracing(options: TracingOptions): NodeTracerProvider {
  markTracingStarted();
  const exporterUrl = `${(options.otlpEndpoint ?? '').replace(/\/+$/, '')}/v1/traces`;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'customer-gateway' }),
    spanProcessors: [options.spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url: exporterUrl }))],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  registerInstrumentations({ tracerProvider: provider, instrumentations: instrumentations() });
  return provider;
}
