/**
 * Rate limits and lockout, counted in DynamoDB (rate-limiter-flexible) so every process and
 * instance shares them. Keys are the normalised identifier typed, whether or not an account
 * exists, so a lockout reveals nothing about who is registered.
 *
 * Log-in follows OWASP's device-cookie pattern, so that an attacker cannot lock the real owner out:
 * - the hard lock (10 failures, 15 minutes) is per account *and client*: a network address, or
 *   a browser that has signed in to this account before (a trusted device);
 * - untrusted clients together get at most 100 failed attempts per account per hour (T-AUTH-01)
 *   and wait a growing delay once an account is under attack; trusted devices are exempt;
 * - staff are alerted once an hour's failures on one account reach the alert threshold.
 */
import { RateLimiterDynamo } from 'rate-limiter-flexible';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { TooManyRequestsError } from '../platform/http/errors';
import { consumePoint } from '../platform/rate-limit';

/** Who is trying: a trusted device of the account (its cookie's nonce), or else a network address. */
export type LoginClient = { kind: 'device'; nonce: string } | { kind: 'address'; ip: string };

export interface LoginAttempt {
  /** How long to wait before checking the password: grows while the account is under attack. */
  delayMs: number;
  /** True for exactly one attempt per window: the one whose failure count reached the alert threshold. */
  raiseAlarm: boolean;
}

export interface AuthLimits {
  /** Counts a login/register/resend/reset request from an IP; throws 429 past the limit. */
  hitFromIp(ip: string): Promise<void>;
  /**
   * Counts a password attempt before it is checked, so a burst of parallel guesses cannot all be
   * checked before the lock lands; throws 429 while this client is locked out of the account, or
   * while an untrusted client would pass the account's hourly limit.
   */
  countAttempt(accountKey: string, client: LoginClient): Promise<LoginAttempt>;
  /** A correct password: this client starts counting again, and the attempt is not a failure. */
  clearAttempts(accountKey: string, client: LoginClient): Promise<void>;
  /** Counts a guess at a secret other than a log-in (the current password); 429 when locked. */
  countGuess(key: string): Promise<void>;
  clearGuesses(key: string): Promise<void>;
  /** Whether another security e-mail or text may go out under this key now (3 per 15 minutes). */
  mayNotify(accountKey: string): Promise<boolean>;
}

const FIFTEEN_MINUTES = 15 * 60;
const HOUR = 60 * 60;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 4000;

/** The wait before the nth failed attempt of an hour on one account: none up to `freeFailures`, then doubling to a cap. */
export function loginDelayMs(failures: number, freeFailures: number): number {
  const over = failures - freeFailures;
  return over <= 0 ? 0 : Math.min(FIRST_DELAY_MS * 2 ** (over - 1), MAX_DELAY_MS);
}

function lockedOut(retryAfterSeconds: number): TooManyRequestsError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new TooManyRequestsError(`Too many failed attempts. Try again in ${minutes} minutes, or reset your password.`, retryAfterSeconds);
}

const clientKey = (accountKey: string, client: LoginClient) =>
  `${accountKey}|${client.kind === 'device' ? `device:${client.nonce}` : `ip:${client.ip}`}`;

export function createAuthLimits(config: Config, db: Db): AuthLimits {
  const base = { storeClient: db.client, tableName: db.tables.rateLimits, tableCreated: true, ttlSet: true };
  const { perIpPer15Min, loginFailuresBeforeLock, lockoutMinutes, accountFailuresPerHour, attackAlertFailures } = config.rateLimits;
  const lockSeconds = lockoutMinutes * 60;
  const perIp = new RateLimiterDynamo({ ...base, keyPrefix: 'ip', points: perIpPer15Min, duration: FIFTEEN_MINUTES });
  const lock = { points: loginFailuresBeforeLock, duration: lockSeconds, blockDuration: lockSeconds };
  const perClient = new RateLimiterDynamo({ ...base, keyPrefix: 'login-client', ...lock });
  const guesses = new RateLimiterDynamo({ ...base, keyPrefix: 'login-attempt', ...lock });
  const perAccount = new RateLimiterDynamo({ ...base, keyPrefix: 'login-account', points: accountFailuresPerHour, duration: HOUR });
  const emails = new RateLimiterDynamo({ ...base, keyPrefix: 'mail', points: 3, duration: FIFTEEN_MINUTES });

  return {
    async hitFromIp(ip) {
      const result = await consumePoint(perIp, ip);
      if (!result.ok) throw new TooManyRequestsError(undefined, result.retryAfterSeconds);
    },
    async countAttempt(accountKey, client) {
      const own = await consumePoint(perClient, clientKey(accountKey, client));
      if (!own.ok) throw lockedOut(own.retryAfterSeconds);
      if (client.kind === 'device') return { delayMs: 0, raiseAlarm: false };
      const account = await consumePoint(perAccount, accountKey);
      if (!account.ok) throw lockedOut(account.retryAfterSeconds);
      return { delayMs: loginDelayMs(account.consumed, loginFailuresBeforeLock), raiseAlarm: account.consumed === attackAlertFailures };
    },
    async clearAttempts(accountKey, client) {
      await perClient.delete(clientKey(accountKey, client));
      // Only failures count against the account; the owner's success does not reset an attacker's.
      if (client.kind === 'address') await perAccount.reward(accountKey, 1);
    },
    async countGuess(key) {
      const result = await consumePoint(guesses, key);
      if (!result.ok) throw lockedOut(result.retryAfterSeconds);
    },
    async clearGuesses(key) {
      await guesses.delete(key);
    },
    async mayNotify(accountKey) {
      return (await consumePoint(emails, accountKey)).ok;
    },
  };
}
