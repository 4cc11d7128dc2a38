/** Turns DynamoDB's failure modes into the app's HTTP error family, so handlers never see them. */
import { ConflictError } from '../http/errors';

const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'TimeoutError',
]);

export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  return name === 'TransactionCanceledException' && failedConditions(error).some(Boolean);
}

/** Which items of a cancelled transaction failed their condition, in the order they were sent. */
export function failedConditions(error: unknown): boolean[] {
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * Throttling, a server fault, or an SDK error that never got an HTTP answer (refused, reset,
 * timed out): the database is unavailable, not the request wrong.
 */
export function isUnavailable(error: unknown): boolean {
  const e = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (!e || typeof e !== 'object') return false;
  if (THROTTLED.has(e.name ?? '') || e.$fault === 'server') return true;
  return e.$metadata !== undefined && e.$metadata.httpStatusCode === undefined;
}

/**
 * Runs a conditional write; a failed condition gives `fallback` (the write lost a race, or found
 * the item already changed), any other error is thrown.
 */
export async function ifConditionFails<T, F>(call: () => Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await call();
  } catch (error) {
    if (isConditionFailure(error)) return fallback;
    throw error;
  }
}

/**
 * Runs a DynamoDB call; a failed condition becomes ConflictError(message), outages become 503.
 * With `field`, the message belongs on that field of the form that asked (see http/forms.ts).
 */
export async function withConflict<T>(message: string, call: () => Promise<T>, field?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(message, field ? { [field]: message } : undefined);
    throw error;
  }
}
