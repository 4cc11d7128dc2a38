/** Turns DynamoDB's failure modes into the app's HTTP error family, so handlers never see them. */
import { ConflictError } from '../http/errors';

const UNAVAILABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
]);

export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
}

export function isUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: unknown };
  return UNAVAILABLE.has(e?.name ?? '') || UNAVAILABLE.has(e?.code ?? '');
}

/** Runs a DynamoDB call; a failed condition becomes ConflictError(message), outages become 503. */
export async function withConflict<T>(message: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(message);
    throw error;
  }
}
