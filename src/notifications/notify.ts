/**
 * The hook every feature uses to tell people something: the notifications are written in one
 * transaction with the change that causes them (its own Put/Update/... items, if any), and this
 * process's dispatcher is kicked once it is committed. Nothing is sent if the change fails.
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import type { Dispatcher } from './dispatcher';
import { outboxPut, type Notification } from './outbox';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface NotifyContext {
  db: Db;
  /** Absent in CLIs: the app's sweep sends their notifications within seconds. */
  outbox?: Pick<Dispatcher, 'kick'>;
}

export async function notify(ctx: NotifyContext, notifications: Notification[], change: TransactItem[] = []): Promise<void> {
  if (!notifications.length && !change.length) return;
  await ctx.db.doc.send(new TransactWriteCommand({ TransactItems: [...change, ...notifications.map((n) => outboxPut(ctx.db, n))] }));
  if (notifications.length) ctx.outbox?.kick();
}
