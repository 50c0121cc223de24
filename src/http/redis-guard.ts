import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

/** Thrown instead of sending a command while Redis is known to be failing. */
class RedisBypassed extends Error {
  constructor() {
    super('Redis is failing; command not sent');
    this.name = 'RedisBypassed';
  }
}

class RedisDeadline extends Error {
  constructor(timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
    this.name = 'RedisDeadline';
  }
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisDeadline(timeoutMs)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Fails fast instead of queueing; `commandTimeout` also frees a command that a frozen
 * server never answers. The guard below keeps its own deadline as well, so a client
 * built elsewhere (tests, a future caller) cannot bring back the hang.
 */
export function createRedis(url: string, commandTimeoutMs: number): Redis {
  // Required here: without REDIS_URL nothing calls this, and ioredis is not loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Redis } = require('ioredis') as typeof import('ioredis');
  const redis = new Redis(url, { connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: commandTimeoutMs });
  redis.on('error', () => undefined); // reported once per outage by the RedisGuard, not as crashes
  return redis;
}

/**
 * A circuit breaker around the rate limiter's Redis. Each command gets `timeoutMs`;
 * the first failure opens the breaker (one warning line), and from then on no command
 * is sent, so requests pass at once instead of each waiting out the deadline, and no
 * increments pile up in a frozen server's socket to land on resume. A PING every
 * `probeEveryMs` closes it again when answered in time (one info line).
 */
export class RedisGuard {
  private failing = false;
  private probing = false;
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly timeoutMs: number,
    private readonly log: FastifyBaseLogger,
    private readonly probeEveryMs = 250,
  ) {}

  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    if (this.failing) throw new RedisBypassed();
    try {
      return await withDeadline(command(this.redis), this.timeoutMs);
    } catch (error) {
      this.trip(error as Error);
      throw error;
    }
  }

  stop(): void {
    clearInterval(this.probeTimer);
  }

  private trip(error: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.log.warn(
      { event: 'redis_failing', cause: error.message },
      `rate limiter: Redis is failing (${error.message}); requests pass uncounted until it answers again`,
    );
    this.probeTimer = setInterval(() => void this.probe(), this.probeEveryMs).unref();
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      await withDeadline(this.redis.ping(), this.timeoutMs);
      clearInterval(this.probeTimer);
      this.failing = false;
      this.log.info({ event: 'redis_recovered' }, 'rate limiter: Redis answers again; counting resumed');
    } catch {
      // Still failing: already reported when the outage began.
    } finally {
      this.probing = false;
    }
  }
}

/** Waits for the first connection, at most `waitMs`: requests before it would only pass uncounted. */
export function redisReady(redis: Redis, waitMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, waitMs);
    function done() {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    }
    redis.once('ready', done);
  });
}
