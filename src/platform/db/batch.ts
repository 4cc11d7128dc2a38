/** Writing many items at once, for bulk loads (the demo seed): 25 per request, throttled ones resent. */
import { setTimeout } from 'node:timers/promises';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';

const BATCH_SIZE = 25;
const PARALLEL_REQUESTS = 8;

/** Puts every item into `table`, unconditionally; items DynamoDB leaves unprocessed are sent again after a pause. */
export async function putAll(db: Db, table: string, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) batches.push(items.slice(i, i + BATCH_SIZE));
  const next = () => batches.shift();
  const worker = async () => {
    for (let batch = next(); batch; batch = next()) await putBatch(db, table, batch);
  };
  await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, worker));
}

async function putBatch(db: Db, table: string, items: Record<string, unknown>[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length; attempt++) {
    if (attempt) await setTimeout(Math.min(50 * 2 ** attempt, 2000));
    const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
  }
}
