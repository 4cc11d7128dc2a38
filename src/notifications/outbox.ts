/**
 * The outbox: one item per recipient of an event, written in the same transaction as the change
 * that causes it. Nothing is sent from a request; the dispatcher sends each channel once it is
 * committed (see dispatcher.ts). An item stays in the sparse `byDue` index while anything is left.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db/client';
import type { EmailMessage, SmsMessage } from './channels';
import type { TopicMessage } from './topic';

export type Channel = 'inbox' | 'email' | 'sms' | 'topic';
/** The order a dispatcher sends in: the in-app entry (no provider involved) first. */
export const CHANNELS: readonly Channel[] = ['inbox', 'email', 'sms', 'topic'];
/**
 * pending -> sending (recorded before the provider is called) -> sent. A channel found 'sending'
 * by the next holder was interrupted mid-send (its process died): the provider may or may not have
 * accepted it and cannot be asked, so it becomes 'unconfirmed' and is never sent again by itself.
 */
export type ChannelState = 'pending' | 'sending' | 'sent' | 'unconfirmed';

/** The in-app inbox entry: short, no medical details. */
export interface InboxMessage {
  title: string;
  body: string;
  /** A path in the app, e.g. /appointments/<id>. */
  link: string;
}

/**
 * What one user is told about one event, on every channel they get. Account mails (verification,
 * password reset) have no inbox entry: their links are secrets, and the user may not be able to log in.
 */
export interface Notification {
  id: string;
  /** e.g. "appointment.booked" */
  event: string;
  userId: string;
  inbox?: InboxMessage;
  email?: EmailMessage;
  sms?: SmsMessage;
  /** For the staff SNS topic (an alert); `userId` then names the topic, e.g. "staff-topic". */
  topic?: TopicMessage;
  createdAt: string;
}

/** The stored item: the notification plus its delivery state. */
export interface OutboxItem extends Notification {
  status: 'pending' | 'sent' | 'dead';
  channels: Partial<Record<Channel, ChannelState>>;
  messageIds: Partial<Record<Channel, string>>;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  sentAt?: string;
}

export const DUE = 'DUE';
export const DEAD = 'DEAD';
export const outboxKey = (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' });
export const dueSortKey = (at: string, id: string) => `${at}#${id}`;

/**
 * DynamoDB's TTL removes an item this long after it was enqueued, delivered or not: by then its
 * links (some are one-time secrets) have expired, and the admin page shows only the last two days.
 */
export const OUTBOX_KEEP_DAYS = 30;
const expiryOf = (createdAt: string) => Math.floor(Date.parse(createdAt) / 1000) + OUTBOX_KEEP_DAYS * 86_400;

export function newNotification(fields: Omit<Notification, 'id' | 'createdAt'>, now = new Date()): Notification {
  return { id: randomUUID(), createdAt: now.toISOString(), ...fields };
}

/** The Put that enqueues a notification (stageNotifications adds it to the change it reports). */
export function outboxPut(db: Db, notification: Notification) {
  const channels: OutboxItem['channels'] = {};
  if (notification.inbox) channels.inbox = 'pending';
  if (notification.email) channels.email = 'pending';
  if (notification.sms) channels.sms = 'pending';
  if (notification.topic) channels.topic = 'pending';
  const item: OutboxItem = { ...notification, status: 'pending', channels, messageIds: {}, attempts: 0, nextAttemptAt: notification.createdAt };
  return {
    Put: {
      TableName: db.tables.notifications,
      Item: { ...outboxKey(notification.id), ...item, gsi1pk: DUE, gsi1sk: dueSortKey(item.nextAttemptAt, item.id), expiresAt: expiryOf(notification.createdAt) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
