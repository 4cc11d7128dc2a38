/**
 * A fixed-window request limit counted in DynamoDB (rate-limiter-flexible), so every process and
 * instance shares it: the pattern of auth/limits.ts, for features that need one plain limit.
 */
import { RateLimiterDynamo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from './db/client';
import { isConditionFailure } from './db/errors';

export type RateLimitOutcome = { ok: true; consumed: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimit {
  /** Counts one request under `key`: refused once `points` were used in the window. */
  hit(key: string): Promise<RateLimitOutcome>;
}

/**
 * Consumes a point of any limiter: within the limit (and the points used now), or refused. The
 * limiter updates its counter in two conditional steps; a window that expires or a key that is
 * reset in between is a lost race, not an error: count again.
 */
export async function consumePoint(limiter: RateLimiterDynamo, key: string): Promise<RateLimitOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, consumed: (await limiter.consume(key)).consumedPoints };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) };
      if (attempt < 3 && isConditionFailure(error)) continue;
      throw error;
    }
  }
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
  return { hit: (key) => consumePoint(limiter, key) };
}
