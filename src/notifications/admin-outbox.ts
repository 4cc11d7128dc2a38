/**
 * What admins see of the outbox, and the one thing they may do to it: queue a dead letter again.
 * Every list is a Query on a sparse index (byDue, byState). Rows carry the event, recipient and
 * delivery state only: a message's text can hold a secret link, so it never leaves the outbox.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { withConflict } from '../platform/db/errors';
import { queryAll, queryCount } from '../platform/db/query';
import { ConflictError, NotFoundError } from '../platform/http/errors';
import { fullName, getUserById } from '../users';
import { CHANNELS, DEAD, DUE, dueSortKey, outboxKey, type Channel, type OutboxItem } from './outbox';

export interface OutboxRow {
  id: string;
  event: string;
  userId: string;
  recipientName?: string;
  channels: OutboxItem['channels'];
  messageIds: OutboxItem['messageIds'];
  attempts: number;
  nextAttemptAt: string;
  /** A dispatcher holds the item right now. */
  sending: boolean;
  lastError?: string;
  sentAt?: string;
  deadAt?: string;
}

export interface OutboxOverview {
  backlog: { count: number; more: boolean; oldest: OutboxRow[] };
  recent: OutboxRow[];
  dead: OutboxRow[];
}

/** Counting stops here ("1000+"): past that the number tells nothing new, and the page stays cheap. */
export const BACKLOG_COUNT_CAP = 1000;
const OLDEST_SHOWN = 20;
const RECENT_SHOWN = 50;
const DEAD_SHOWN = 50;

/** The three sections of the admin page, with recipients' names where someone must act. */
export async function outboxOverview(db: Db, now = new Date()): Promise<OutboxOverview> {
  const [count, oldest, recent, dead] = await Promise.all([countBacklog(db), listOldestDue(db), listRecentDeliveries(db, now), listDeadLetters(db)]);
  const names = await recipientNames(db, [...oldest, ...dead]);
  const named = (rows: OutboxRow[]) => rows.map((row) => ({ ...row, recipientName: names.get(row.userId) }));
  return { backlog: { ...count, oldest: named(oldest) }, recent, dead: named(dead) };
}

/** Items with something left to send (due, backing off or being sent), up to BACKLOG_COUNT_CAP. */
export function countBacklog(db: Db): Promise<{ count: number; more: boolean }> {
  return queryCount(db, byDue(db), BACKLOG_COUNT_CAP);
}

/** The backlog by due time, soonest (so longest waiting) first. */
export async function listOldestDue(db: Db, limit = OLDEST_SHOWN): Promise<OutboxRow[]> {
  return (await queryAll(db, byDue(db), limit)).map(toRow);
}

/** Delivered items of today and yesterday, newest first. Days are UTC: the dispatcher keys them so. */
export async function listRecentDeliveries(db: Db, now = new Date(), limit = RECENT_SHOWN): Promise<OutboxRow[]> {
  const yesterday = new Date(now.getTime() - 24 * 60 * 60_000);
  const rows: OutboxRow[] = [];
  for (const day of [now, yesterday]) {
    if (rows.length >= limit) break;
    rows.push(...(await queryState(db, `SENT#${day.toISOString().slice(0, 10)}`, limit - rows.length)));
  }
  return rows;
}

/** Dead letters, newest first. */
export const listDeadLetters = (db: Db, limit = DEAD_SHOWN) => queryState(db, DEAD, limit);

/**
 * Queues a dead letter again: attempts start over and only the channels that did not go through
 * are sent; the others stay sent, so nobody gets the same message twice. An 'unconfirmed' channel
 * (interrupted mid-send, see dispatcher.ts) is sent again too: retrying it is the admin's call.
 */
export async function retryDeadLetter(db: Db, id: string, now = new Date()): Promise<void> {
  const found = await db.doc.send(new GetCommand({ TableName: db.tables.notifications, Key: outboxKey(id), ConsistentRead: true }));
  const item = found.Item as OutboxItem & { deadAt?: string } | undefined;
  if (!item) throw new NotFoundError('There is no notification with that id.');
  const notDead = `This notification is ${item.status === 'sent' ? 'already delivered' : 'already queued'}; only a dead letter can be retried.`;
  if (item.status !== 'dead') throw new ConflictError(notDead);
  const channels = Object.fromEntries(Object.entries(item.channels).map(([channel, state]) => [channel, state === 'sent' ? 'sent' : 'pending']));
  const at = now.toISOString();
  await withConflict(notDead, () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tables.notifications,
        Key: outboxKey(id),
        UpdateExpression: 'SET #status = :pending, attempts = :zero, channels = :channels, nextAttemptAt = :at, gsi1pk = :due, gsi1sk = :dueKey REMOVE gsi2pk, gsi2sk, deadAt',
        // The very dead letter that was read: a second retry, even a racing one, finds it changed.
        ConditionExpression: '#status = :dead AND deadAt = :deadAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':zero': 0, ':channels': channels, ':at': at, ':due': DUE, ':dueKey': dueSortKey(at, id), ':dead': 'dead', ':deadAt': item.deadAt },
      }),
    ),
  );
}

const byDue = (db: Db) => ({
  TableName: db.tables.notifications,
  IndexName: 'byDue',
  KeyConditionExpression: 'gsi1pk = :due',
  ExpressionAttributeValues: { ':due': DUE },
});

async function queryState(db: Db, state: string, limit: number): Promise<OutboxRow[]> {
  const items = await queryAll(
    db,
    { TableName: db.tables.notifications, IndexName: 'byState', KeyConditionExpression: 'gsi2pk = :state', ExpressionAttributeValues: { ':state': state }, ScanIndexForward: false, Limit: limit },
    limit,
  );
  return items.map(toRow);
}

/** Only what the page may show: never the inbox, e-mail or SMS content. */
function toRow(stored: Record<string, unknown>): OutboxRow {
  const item = stored as unknown as OutboxItem & { deadAt?: string; leaseOwner?: string };
  return {
    id: item.id,
    event: item.event,
    userId: item.userId,
    channels: inOrder(item.channels),
    messageIds: inOrder(item.messageIds),
    attempts: item.attempts ?? 0,
    nextAttemptAt: item.nextAttemptAt,
    sending: Boolean(item.leaseOwner),
    lastError: item.lastError,
    sentAt: item.sentAt,
    deadAt: item.deadAt,
  };
}

/** A DynamoDB map keeps no order: every row lists the channels the same way. */
function inOrder<T>(byChannel: Partial<Record<Channel, T>> = {}): Partial<Record<Channel, T>> {
  return Object.fromEntries(CHANNELS.filter((channel) => byChannel[channel] !== undefined).map((channel) => [channel, byChannel[channel]]));
}

async function recipientNames(db: Db, rows: OutboxRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.userId))];
  const users = await Promise.all(ids.map((id) => getUserById(db, id)));
  return new Map(users.filter((user) => user !== undefined).map((user) => [user.id, fullName(user)]));
}
