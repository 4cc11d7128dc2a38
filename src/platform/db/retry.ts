/** Retries transient DynamoDB failures (transaction conflicts, throttling) with jittered backoff. */
import { ServiceUnavailableError } from '../http/errors';
import { isUnavailable } from './errors';

const TRANSIENT = new Set(['TransactionConflictException', 'TransactionInProgressException']);

function isTransient(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return TRANSIENT.has(name) || isUnavailable(error) || reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
}

/**
 * Runs `call`, retrying transient failures up to `attempts` times with full-jitter backoff; when
 * they persist the caller gets a 503 ("try again shortly"), never a 500.
 */
export async function withRetry<T>(call: () => Promise<T>, attempts = 4, baseMs = 40): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= attempts) throw new ServiceUnavailableError('Booking is very busy right now. Please try again in a moment.');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * baseMs * 2 ** attempt));
    }
  }
}
