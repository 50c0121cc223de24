import pino, { type DestinationStream } from 'pino';

// About a dozen request lines: a buffer this size turns a write system call per line into one per several.
const LOG_BUFFER_BYTES = 4096;
// A quiet service still shows its lines within this time, however few they are.
const LOG_FLUSH_INTERVAL_MS = 500;

/**
 * Standard output, written asynchronously: at LOG_LEVEL=info a synchronous write per
 * request line cost about a fifth of the throughput (issue 9). Lines wait in a small
 * buffer, at most LOG_FLUSH_INTERVAL_MS, and are not lost on the way out: pino flushes
 * this destination synchronously on the process's 'exit' event, which main's SIGTERM
 * path and a failed start both reach through process.exit
 * (test/integration/log-flush.test.ts proves it on SIGTERM).
 */
export function asyncStdout(): DestinationStream {
  const destination = pino.destination({ dest: process.stdout.fd, sync: false, minLength: LOG_BUFFER_BYTES });
  // unref: the timer alone never keeps the process alive. The callback makes a flush after close a no-op, not a throw.
  setInterval(() => destination.flush(() => undefined), LOG_FLUSH_INTERVAL_MS).unref();
  return destination;
}
