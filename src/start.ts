/**
 * What `npm start` runs. The production start is dist/service.js, the bundle of main.ts
 * that scripts/bundle-service.js writes at build: one file to read instead of about 900.
 * With tracing on, main.ts runs unbundled instead: OpenTelemetry instruments http,
 * fastify, graphql and pg by hooking their `require`, which a bundle never calls.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadTelemetryConfig } from './config';

const bundle = path.join(__dirname, '../service.js');
// A build that did not bundle (tsc alone, `npm run dev`) still starts.
const unbundled = loadTelemetryConfig().otlpEndpoint !== undefined || !existsSync(bundle);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(unbundled ? './main' : bundle);
