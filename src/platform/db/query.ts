/** Reads every page of a Query (or up to `limit` items), so callers never hand-roll the paging loop. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';

export async function queryAll(db: Db, input: QueryCommandInput, limit?: number): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = limit !== undefined && items.length >= limit ? undefined : page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return limit !== undefined ? items.slice(0, limit) : items;
}
