/**
 * Rate limits and lockout, counted in DynamoDB (rate-limiter-flexible) so every process and
 * instance shares them. Keys are the normalised identifier typed, whether or not an account
 * exists, so a lockout reveals nothing about who is registered.
 */
import { RateLimiterDynamo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';
import { TooManyRequestsError } from '../platform/http/errors';

export interface AuthLimits {
  /** Counts a login/register/resend/reset request from an IP; throws 429 past the limit. */
  hitFromIp(ip: string): Promise<void>;
  /**
   * Counts a password attempt before it is checked, so a burst of parallel guesses cannot all be
   * checked before the lock lands; throws 429 while the key is locked out.
   */
  countAttempt(accountKey: string): Promise<void>;
  /** A correct password resets the count. */
  clearAttempts(accountKey: string): Promise<void>;
  /** Whether another security e-mail may go to this account now (3 per 15 minutes). */
  mayEmail(accountKey: string): Promise<boolean>;
}

const FIFTEEN_MINUTES = 15 * 60;

/**
 * The limiter updates its counter in two conditional steps; a concurrent reset (a correct password
 * elsewhere) can delete the item in between. That is a lost race, not an error: count again.
 */
async function consume(limiter: RateLimiterDynamo, key: string): Promise<RateLimiterRes> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await limiter.consume(key);
    } catch (error) {
      if (attempt < 3 && isConditionFailure(error)) continue;
      throw error;
    }
  }
}

/** Runs a consume; true when within the limit, false when the limiter refused. */
async function allowed(limiter: RateLimiterDynamo, key: string): Promise<{ ok: boolean; retryAfterSeconds: number }> {
  try {
    await consume(limiter, key);
    return { ok: true, retryAfterSeconds: 0 };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) };
    throw error;
  }
}

export function createAuthLimits(config: Config, db: Db): AuthLimits {
  const base = { storeClient: db.client, tableName: db.tables.rateLimits, tableCreated: true, ttlSet: true };
  const lockSeconds = config.rateLimits.lockoutMinutes * 60;
  const perIp = new RateLimiterDynamo({ ...base, keyPrefix: 'ip', points: config.rateLimits.perIpPer15Min, duration: FIFTEEN_MINUTES });
  const attempts = new RateLimiterDynamo({
    ...base,
    keyPrefix: 'login-attempt',
    points: config.rateLimits.loginFailuresBeforeLock,
    duration: lockSeconds,
    blockDuration: lockSeconds,
  });
  const emails = new RateLimiterDynamo({ ...base, keyPrefix: 'mail', points: 3, duration: FIFTEEN_MINUTES });

  return {
    async hitFromIp(ip) {
      const result = await allowed(perIp, ip);
      if (!result.ok) throw new TooManyRequestsError(undefined, result.retryAfterSeconds);
    },
    async countAttempt(accountKey) {
      const result = await allowed(attempts, accountKey);
      if (!result.ok) {
        const minutes = Math.ceil(result.retryAfterSeconds / 60);
        throw new TooManyRequestsError(`Too many failed attempts. Try again in ${minutes} minutes, or reset your password.`, result.retryAfterSeconds);
      }
    },
    async clearAttempts(accountKey) {
      await attempts.delete(accountKey);
    },
    async mayEmail(accountKey) {
      return (await allowed(emails, accountKey)).ok;
    },
  };
}
