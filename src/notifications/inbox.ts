/**
 * Each user's in-app inbox: one partition per user, newest first. An entry is in the sparse
 * `byUnread` index until read, so the unread count is a Query that reads only unread entries.
 */
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { queryAll } from '../platform/db/query';
import { ifConditionFails } from '../platform/db/errors';
import type { InboxMessage, Notification } from './outbox';

export interface InboxEntry {
  id: string;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  read: boolean;
}

/** Counts above this show as "99+": nobody reads a bigger number, and the Query stays small. */
export const UNREAD_SHOWN = 99;
const KEEP_SECONDS = 365 * 24 * 60 * 60;

const inboxKey = (userId: string, createdAt: string, id: string) => ({ pk: `INBOX#${userId}`, sk: `${createdAt}#${id}` });
const unreadKey = (userId: string) => `UNREAD#${userId}`;

/** Puts the entry once: a second delivery of the same notification changes nothing. */
export async function deliverToInbox(db: Db, notification: Notification & { inbox: InboxMessage }): Promise<void> {
  const { id, userId, createdAt } = notification;
  const { title, body, link } = notification.inbox;
  await ifConditionFails(async () => {
    await db.doc.send(
      new PutCommand({
        TableName: db.tables.notifications,
        Item: {
          ...inboxKey(userId, createdAt, id),
          id, title, body, link, createdAt, read: false,
          gsi3pk: unreadKey(userId),
          gsi3sk: `${createdAt}#${id}`,
          expiresAt: Math.floor(Date.parse(createdAt) / 1000) + KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }, undefined);
}

export async function listInbox(db: Db, userId: string, limit = 50): Promise<InboxEntry[]> {
  const items = await queryAll(db, { TableName: db.tables.notifications, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INBOX#${userId}` }, ScanIndexForward: false }, limit);
  return items.map(({ id, title, body, link, createdAt, read }) => ({ id, title, body, link, createdAt, read }) as InboxEntry);
}

/** The user's unread entries, through the sparse index. */
const unreadQuery = (db: Db, userId: string) => ({
  TableName: db.tables.notifications,
  IndexName: 'byUnread',
  KeyConditionExpression: 'gsi3pk = :pk',
  ExpressionAttributeValues: { ':pk': unreadKey(userId) },
});

/** Unread entries, up to UNREAD_SHOWN + 1 (shown as "99+"). */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const result = await db.doc.send(new QueryCommand({ ...unreadQuery(db, userId), Select: 'COUNT', Limit: UNREAD_SHOWN + 1 }));
  return result.Count ?? 0;
}

/** Marks one of the user's entries read; returns its link, or undefined if it is not theirs. */
export async function markRead(db: Db, userId: string, entry: { id: string; createdAt: string }): Promise<string | undefined> {
  return ifConditionFails(async () => {
    const result = await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.notifications,
        Key: inboxKey(userId, entry.createdAt, entry.id),
        UpdateExpression: 'SET #read = :true REMOVE gsi3pk, gsi3sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#read': 'read' },
        ExpressionAttributeValues: { ':true': true },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes?.link as string;
  }, undefined);
}

/** Marks every unread entry read. */
export async function markAllRead(db: Db, userId: string): Promise<number> {
  const unread = await queryAll(db, unreadQuery(db, userId));
  await Promise.all(unread.map((item) => markRead(db, userId, { id: item.id as string, createdAt: item.createdAt as string })));
  return unread.length;
}

/** How the badge shows a count from unreadCount: "3", or "99+" past UNREAD_SHOWN. */
export const shownCount = (unread: number): string => (unread > UNREAD_SHOWN ? `${UNREAD_SHOWN}+` : String(unread));
