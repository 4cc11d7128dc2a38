/**
 * A fixed-window request limit counted in DynamoDB (rate-limiter-flexible), so every process and
 * instance shares it: the pattern of auth/limits.ts, for features that need one plain limit.
 */
import { RateLimiterDynamo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from './db/client';
import { isConditionFailure } from './db/errors';

export type RateLimitOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimit {
  /** Counts one request under `key`: refused once `points` were used in the window. */
  hit(key: string): Promise<RateLimitOutcome>;
}

export function createRateLimit(db: Db, options: { keyPrefix: string; points: number; durationSeconds: number }): RateLimit {
  const limiter = new RateLimiterDynamo({
    storeClient: db.client,
    tableName: db.tables.rateLimits,
    tableCreated: true,
    ttlSet: true,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
  });
  return {
    async hit(key) {
      // The limiter updates its counter in two conditional steps; a window that expires in between
      // is a lost race, not an error: count again.
      for (let attempt = 1; ; attempt++) {
        try {
          await limiter.consume(key);
          return { ok: true };
        } catch (error) {
          if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) };
          if (attempt < 3 && isConditionFailure(error)) continue;
          throw error;
        }
      }
    },
  };
}
