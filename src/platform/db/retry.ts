/** Retries transient DynamoDB failures (transaction conflicts, throttling) with jittered backoff. */
import { ServiceUnavailableError } from '../http/errors';
import { isUnavailable } from './errors';

const TRANSIENT = new Set(['TransactionConflictException', 'TransactionInProgressException']);

function isTransient(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return TRANSIENT.has(name) || isUnavailable(error) || reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
}

/** A request's patience: about a second in all, then the user gets a 503 and may try again. */
export const REQUEST_RETRY: RetryPolicy = { attempts: 4, baseMs: 40 };
/** A background job's: nobody waits on it, and failing means a rerun, so it backs off up to ~25 s. */
export const JOB_RETRY: RetryPolicy = { attempts: 8, baseMs: 100 };

/**
 * Runs `call`, retrying transient failures with full-jitter backoff; when they persist the caller
 * gets a 503 ("try again shortly"), never a 500.
 */
export async function withRetry<T>(call: () => Promise<T>, { attempts, baseMs }: RetryPolicy = REQUEST_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= attempts) throw new ServiceUnavailableError('We are very busy right now. Please try again in a moment.');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * baseMs * 2 ** attempt));
    }
  }
}
