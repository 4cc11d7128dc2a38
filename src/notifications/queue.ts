/**
 * The outbox as a queue: which items are due, and claiming one under a lease (a conditional
 * write), so that exactly one process sends it. See dispatcher.ts for what happens next.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';
import { DUE, dueSortKey, outboxKey, type OutboxItem } from './outbox';

/** The items due by `now`, oldest first: a Query on the byDue index. */
export async function dueItems(db: Db, now: Date, limit: number): Promise<OutboxItem[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.notifications,
      IndexName: 'byDue',
      KeyConditionExpression: 'gsi1pk = :due AND gsi1sk <= :now',
      ExpressionAttributeValues: { ':due': DUE, ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []) as unknown as OutboxItem[];
}

/** Takes the item if nobody has since: it must still be due at the very key this process saw. */
export async function claim(db: Db, item: OutboxItem & { gsi1sk?: string }, owner: string, now: Date, leaseMs: number): Promise<OutboxItem | undefined> {
  const leaseEnd = new Date(now.getTime() + leaseMs).toISOString();
  return ifConditionFails(async () => {
    const result = await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.notifications,
        Key: outboxKey(item.id),
        // While leased, the item is due again only when the lease ends (a crashed holder's item comes back).
        UpdateExpression: 'SET leaseOwner = :owner, gsi1sk = :leaseEnd',
        ConditionExpression: 'gsi1pk = :due AND gsi1sk = :seen',
        ExpressionAttributeValues: { ':owner': owner, ':leaseEnd': dueSortKey(leaseEnd, item.id), ':due': DUE, ':seen': item.gsi1sk },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes as OutboxItem;
  }, undefined);
}
