import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const CHILD = path.join(__dirname, '../helpers/traced-service.js');

interface ExportedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startNs: number;
  attributes: Record<string, unknown>;
}

const SERVER = 1;
const DOORS = [
  // The REST shim runs its own pre-parsed document (UpsertCustomer) through the schema.
  { name: 'rest', operation: 'mutation UpsertCustomer', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7', email: 'traced.rest@star.com' },
  { name: 'graphql', operation: 'mutation TracedUpsert', traceId: '0af7651916cd43dd8448eb211c80319c', parentId: 'b7ad6b7169203331', email: 'traced.graphql@star.com' },
].map((door) => ({ ...door, traceparent: `00-${door.traceId}-${door.parentId}-01` }));
const READ = { traceId: '5bf92f3577b34da6a3ce929d0e0e4737', parentId: '10f067aa0ba902b8', traceparent: '00-5bf92f3577b34da6a3ce929d0e0e4737-10f067aa0ba902b8-01' };

function runTracedService(databaseUrl: string): Promise<{ answers: { status: number }[]; readAnswer: { status: number; body: unknown }; spans: ExportedSpan[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      cwd: path.join(__dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, TRACED_DOORS: JSON.stringify(DOORS), TRACED_READ: JSON.stringify(READ) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`traced service exited ${code}:\n${stderr}`));
      else resolve(JSON.parse(line));
    });
  });
}

/** The span tree, indented, children in start order. */
function printTree(spans: ExportedSpan[], root: ExportedSpan, depth = 0): string[] {
  const children = spans.filter((s) => s.parentSpanId === root.spanId).sort((a, b) => a.startNs - b.startNs);
  return [`${'  '.repeat(depth)}${root.name}`, ...children.flatMap((child) => printTree(spans, child, depth + 1))];
}

function descendsFrom(spans: ExportedSpan[], span: ExportedSpan, ancestor: ExportedSpan): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let at: ExportedSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) {
    if (at === ancestor) return true;
  }
  return false;
}

let database: TestDatabase;
let result: Awaited<ReturnType<typeof runTracedService>>;
beforeAll(async () => {
  database = await createTestDatabase();
  result = await runTracedService(database.url);
}, 90_000);
afterAll(() => database?.drop());

describe('OpenTelemetry spans of one upsert on each door', () => {
  it('both upserts succeeded', () => {
    expect(result.answers.map((answer) => answer.status)).toEqual([200, 200]);
  });

  it.each(DOORS)('$name: one trace continuing the caller traceparent, the server span at its root, GraphQL and pg spans beneath', (door) => {
    const trace = result.spans.filter((s) => s.traceId === door.traceId);
    const servers = trace.filter((s) => s.kind === SERVER);
    expect(servers).toHaveLength(1);
    const server = servers[0]!;
    // The root in this process: its parent is the caller's span, from the traceparent.
    expect(server.parentSpanId).toBe(door.parentId);
    expect(trace.filter((s) => s.parentSpanId === door.parentId)).toEqual([server]);
    for (const span of trace) expect(descendsFrom(trace, span, server)).toBe(true);

    const names = trace.map((s) => s.name);
    const named = (name: string) => {
      const found = trace.filter((s) => s.name === name);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    // Fastify's own spans, then the operation's execution, its resolver, and the statement beneath.
    expect(descendsFrom(trace, named(door.operation), named('request'))).toBe(true);
    const resolve = named('graphql.resolve upsertCustomer');
    expect(descendsFrom(trace, resolve, named(door.operation))).toBe(true);
    const upsertQuery = trace.filter((s) => s.name.startsWith('pg.query:upsert_customer'));
    expect(upsertQuery).toHaveLength(1);
    expect(descendsFrom(trace, upsertQuery[0]!, resolve)).toBe(true);
    if (door.name === 'graphql') expect(names).toEqual(expect.arrayContaining(['graphql.parse', 'graphql.validate']));
    // Fields resolved off the payload (customerId, outcome, customer…) have no span of their own.
    expect(names.filter((name) => name.startsWith('graphql.resolve'))).toEqual(['graphql.resolve upsertCustomer']);
    // No email, no SQL value, no variable in any attribute.
    expect(JSON.stringify(trace)).not.toContain(door.email);
    console.log(`Span tree of one upsert through ${door.name} (trace ${door.traceId}):\n${printTree(trace, server).join('\n')}`);
  });

  it('the two doors and the read are three traces, and no span is outside them', () => {
    expect(new Set(result.spans.map((s) => s.traceId))).toEqual(new Set([...DOORS.map((door) => door.traceId), READ.traceId]));
  });

  it('a REST read is traced through its GraphQL query too (with tracing on it runs on graphql-js, which is instrumented)', () => {
    expect(result.readAnswer.status).toBe(200);
    expect((result.readAnswer.body as unknown[]).length).toBe(2);
    const trace = result.spans.filter((s) => s.traceId === READ.traceId);
    const server = trace.find((s) => s.kind === SERVER)!;
    expect(server.parentSpanId).toBe(READ.parentId);
    const operation = trace.filter((s) => s.name === 'query QueryCustomers');
    expect(operation).toHaveLength(1);
    expect(descendsFrom(trace, operation[0]!, server)).toBe(true);
    expect(trace.some((s) => s.name.startsWith('pg.query') && descendsFrom(trace, s, operation[0]!))).toBe(true);
  });
});

describe('tracing off', () => {
  const loaded = (env: Record<string, string>) =>
    execFileSync(process.execPath, ['-e', "require('./dist/src/telemetry'); require('./dist/src/app'); console.log(Object.keys(require.cache).filter((f) => f.includes('@opentelemetry/sdk-trace')).length)"], {
      cwd: path.join(__dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    }).trim();

  it('loads no OpenTelemetry SDK without OTEL_EXPORTER_OTLP_ENDPOINT, and loads it with one', () => {
    expect(loaded({})).toBe('0');
    expect(Number(loaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }))).toBeGreaterThan(0);
  });
});
