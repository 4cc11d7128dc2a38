/**
 * Rate limits and lockout, counted in DynamoDB (rate-limiter-flexible) so every process and
 * instance shares them. Keys are the normalised identifier typed, whether or not an account
 * exists, so a lockout reveals nothing about who is registered.
 */
import { RateLimiterDynamo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { TooManyRequestsError } from '../platform/http/errors';

export interface AuthLimits {
  /** Counts a login/register/resend/reset request from an IP; throws 429 past the limit. */
  hitFromIp(ip: string): Promise<void>;
  /** Throws 429 while the account key is locked out. */
  assertNotLockedOut(accountKey: string): Promise<void>;
  /** Counts a failed login; returns true when this failure locked the account. */
  recordLoginFailure(accountKey: string): Promise<boolean>;
  clearLoginFailures(accountKey: string): Promise<void>;
  /** Whether another security e-mail may go to this account now (3 per 15 minutes). */
  mayEmail(accountKey: string): Promise<boolean>;
}

const FIFTEEN_MINUTES = 15 * 60;

export function createAuthLimits(config: Config, db: Db): AuthLimits {
  const base = { storeClient: db.client, tableName: db.tables.rateLimits, tableCreated: true, ttlSet: true };
  const lockSeconds = config.rateLimits.lockoutMinutes * 60;
  const perIp = new RateLimiterDynamo({ ...base, keyPrefix: 'ip', points: config.rateLimits.perIpPer15Min, duration: FIFTEEN_MINUTES });
  const loginFailures = new RateLimiterDynamo({
    ...base,
    keyPrefix: 'login-fail',
    points: config.rateLimits.loginFailuresBeforeLock,
    duration: lockSeconds,
    blockDuration: lockSeconds,
  });
  const emails = new RateLimiterDynamo({ ...base, keyPrefix: 'mail', points: 3, duration: FIFTEEN_MINUTES });
  const lockedOut = (seconds: number) =>
    new TooManyRequestsError(
      `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minutes, or reset your password.`,
      seconds,
    );

  return {
    async hitFromIp(ip) {
      try {
        await perIp.consume(ip);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw new TooManyRequestsError(undefined, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
    async assertNotLockedOut(accountKey) {
      const state = await loginFailures.get(accountKey);
      if (state && state.remainingPoints <= 0) throw lockedOut(Math.ceil(state.msBeforeNext / 1000));
    },
    async recordLoginFailure(accountKey) {
      try {
        await loginFailures.consume(accountKey);
        return false;
      } catch (error) {
        if (error instanceof RateLimiterRes) return true;
        throw error;
      }
    },
    async clearLoginFailures(accountKey) {
      await loginFailures.delete(accountKey);
    },
    async mayEmail(accountKey) {
      try {
        await emails.consume(accountKey);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
  };
}
