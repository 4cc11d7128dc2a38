/** What the outbox holds for a user: tests read it directly (a test may scan its own table). */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../src/platform/db/client';
import type { OutboxItem } from '../../src/notifications/outbox';

/** Every item of `event` enqueued for the user, whatever its delivery state. */
export async function outboxItemsFor(db: Db, userId: string, event: string): Promise<OutboxItem[]> {
  const result = await db.doc.send(
    new ScanCommand({
      TableName: db.tables.notifications,
      FilterExpression: 'begins_with(pk, :outbox) AND userId = :user AND #event = :event',
      ExpressionAttributeNames: { '#event': 'event' },
      ExpressionAttributeValues: { ':outbox': 'OUTBOX#', ':user': userId, ':event': event },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []) as OutboxItem[];
}
