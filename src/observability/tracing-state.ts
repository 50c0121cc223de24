let started = false;

/** Called by startTracing: from then on, graphql-js's execute is instrumented. */
export function markTracingStarted(): void {
  started = true;
}

/**
 * True once OpenTelemetry tracing has started in this process. Kept apart from tracing.ts,
 * which loads the whole SDK, so that asking costs nothing when tracing is off.
 */
export function isTracing(): boolean {
  return started;
}
