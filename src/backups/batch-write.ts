/** BatchWriteItem with the retries AWS asks for: unprocessed items again, after exponential backoff. */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { isUnavailable } from '../platform/db/errors';
import type { Item } from './item-json';
import { BackupError } from './manifest';

/** DynamoDB's limit per BatchWriteItem. */
export const BATCH_SIZE = 25;

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, baseMs: 50, maxMs: 5_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Puts up to 25 items; what DynamoDB leaves unprocessed (or throttles) is retried with backoff. */
export async function writeBatch(client: DynamoDBClient, tableName: string, items: Item[], retry = DEFAULT_RETRY): Promise<void> {
  let pending: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; pending.length; attempt++) {
    try {
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
    } catch (error) {
      if (!isUnavailable(error)) throw error;
    }
    if (!pending.length) return;
    if (attempt >= retry.attempts) {
      throw new BackupError(`DynamoDB still had ${pending.length} unwritten items for ${tableName} after ${attempt} attempts. Run the restore again with --force to finish it.`);
    }
    // Full jitter, as AWS recommends, so retries from many writers do not arrive together.
    await sleep(Math.random() * Math.min(retry.maxMs, retry.baseMs * 2 ** attempt));
  }
}
