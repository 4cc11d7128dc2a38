/** What the outbox holds for a user: tests read it directly (a test may scan its own table). */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../src/platform/db/client';
import type { OutboxItem } from '../../src/notifications/outbox';

/** Every item of `event` (or of any event) enqueued for the user, whatever its delivery state. */
export async function outboxItemsFor(db: Db, userId: string, event?: string): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  // Every page: a Scan reads 1 MB at a time, and the shared test tables outgrow one page.
  do {
    const page = await db.doc.send(
      new ScanCommand({
        TableName: db.tables.notifications,
        FilterExpression: `begins_with(pk, :outbox) AND userId = :user${event ? ' AND #event = :event' : ''}`,
        ...(event ? { ExpressionAttributeNames: { '#event': 'event' } } : {}),
        ExpressionAttributeValues: { ':outbox': 'OUTBOX#', ':user': userId, ...(event ? { ':event': event } : {}) },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...((page.Items ?? []) as OutboxItem[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
