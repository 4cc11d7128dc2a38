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

/**
 * Counts what a Query matches without reading the items, page by page, up to `cap` when one is
 * given; `more` says the cap stopped the count.
 */
export async function queryCount(db: Db, input: QueryCommandInput, cap = Infinity): Promise<{ count: number; more: boolean }> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const Limit = Number.isFinite(cap) ? cap - count : undefined;
    const page = await db.doc.send(new QueryCommand({ ...input, Select: 'COUNT', Limit, ExclusiveStartKey }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && count < cap);
  return { count, more: Boolean(ExclusiveStartKey) };
}
