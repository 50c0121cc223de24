import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** What `npm start` runs: the bundle (dist/service.js) unless tracing is on. */
const MAIN = path.join(__dirname, '../../dist/src/start.js');
/** main.ts as tsc compiled it, unbundled. */
export const UNBUNDLED_MAIN = path.join(__dirname, '../../dist/src/main.js');

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Both streams, interleaved as they arrived. */
  readonly output: string[];
  /** JSON log lines only. */
  readonly stdout: string[];
  /** The human start-up text and start failures. */
  readonly stderr: string[];
  /** Sends the signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export interface StartingService {
  readonly child: ChildProcess;
  /** What the process printed so far, growing while it starts. */
  readonly output: string[];
  /** Resolves once the service prints where it listens; rejects if it exits first. */
  readonly listening: Promise<ServiceProcess>;
}

/** Spawns the compiled service; the test may watch its output while it starts. */
export function spawnServiceProcess(env: Record<string, string>, script = MAIN): StartingService {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO_TENANT: 'false', RATE_LIMIT_MAX: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<ServiceProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output.join('')}`)), 30_000);
    // The start-up text is on stderr, the JSON logs on stdout.
    const onData = (stream: string[]) => (chunk: Buffer) => {
      stream.push(chunk.toString());
      output.push(chunk.toString());
      const match = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        baseUrl: match[1]!.replace('localhost', '127.0.0.1'),
        output,
        stdout,
        stderr,
        stop: async (signal = 'SIGTERM') => {
          const started = Date.now();
          if (child.exitCode === null) child.kill(signal);
          const code = await exited;
          return { code, ms: Date.now() - started };
        },
      });
    };
    child.stdout!.on('data', onData(stdout));
    child.stderr!.on('data', onData(stderr));
    child.once('exit', (code) => reject(new Error(`service exited with ${code}:\n${output.join('')}`)));
  });
  // Marked handled here: a test that gives up before awaiting it must not crash the worker.
  listening.catch(() => undefined);
  return { child, output, listening };
}

/** The compiled service (`npm test` builds it first) as a real process of its own. */
export function startServiceProcess(env: Record<string, string>, script?: string): Promise<ServiceProcess> {
  return spawnServiceProcess(env, script).listening;
}

/** Polls `output` until it matches `pattern`; throws with what was printed if it never does. */
export async function waitForOutput(output: string[], pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = output.join('');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the service never printed ${pattern}; it printed:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `tasks` with at most `width` in flight. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}
