import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { RedisGuard } from './redis-guard';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

// INCR, and on a window's first hit an expiry of two windows: long enough to outlive the
// window however the clocks of service and Redis differ, short enough to clean up.
const WINDOW_INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return current`;

interface WindowCommands {
  rateLimitWindowIncrement(key: string, expireMs: number): Promise<number>;
}

/**
 * A fixed-window store for @fastify/rate-limit whose Redis keys carry the window's
 * number (`<key>:<floor(now / window)>`). An increment sent while Redis was frozen and
 * executed when it resumes therefore lands in the window it was sent in, which is over,
 * and never inflates the current count: no false 429s after an outage. Every command
 * goes through the RedisGuard (deadline, breaker); a failure reaches the plugin as an
 * error, and `skipOnError` lets the request pass.
 */
export function windowedRedisStore(redis: Redis, guard: RedisGuard, nameSpace: string): FastifyRateLimitStoreCtor {
  if (!('rateLimitWindowIncrement' in redis)) {
    redis.defineCommand('rateLimitWindowIncrement', { numberOfKeys: 1, lua: WINDOW_INCREMENT });
  }
  const commands = redis as unknown as WindowCommands;
  const window = (key: string, timeWindow: number) => {
    const now = Date.now();
    const index = Math.floor(now / timeWindow);
    return { redisKey: `${nameSpace}${key}:${index}`, ttl: (index + 1) * timeWindow - now };
  };

  const store: FastifyRateLimitStore & { read(key: string, callback: Callback, timeWindow: number): void } = {
    incr(key: string, callback: Callback, timeWindow: number) {
      const { redisKey, ttl } = window(key, timeWindow);
      guard.run(() => commands.rateLimitWindowIncrement(redisKey, 2 * timeWindow)).then(
        (current) => callback(null, { current, ttl }),
        (error: Error) => callback(error),
      );
    },
    read(key: string, callback: Callback, timeWindow: number) {
      const { redisKey, ttl } = window(key, timeWindow);
      guard.run((client) => client.get(redisKey)).then(
        (value) => callback(null, { current: Number(value ?? 0), ttl }),
        (error: Error) => callback(error),
      );
    },
    // Keys already say what they count (cred:, ip:, auth-failures:): one store serves every limiter.
    child: () => store,
  };
  return class {
    constructor() {
      return store;
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
