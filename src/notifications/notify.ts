/**
 * The hook every feature uses to tell people something: the notifications are written in one
 * transaction with the change that causes them (the writes a feature staged in `work`, if any),
 * and this process's dispatcher is kicked once it is committed. Nothing is sent if the change fails.
 */
import type { Db } from '../platform/db/client';
import { UnitOfWork } from '../platform/db/unit-of-work';
import type { Dispatcher } from './dispatcher';
import { outboxPut, type Notification } from './outbox';

export interface NotifyContext {
  db: Db;
  /** Absent in CLIs: the app's sweep sends their notifications within seconds. */
  outbox?: Pick<Dispatcher, 'kick'>;
}

/** Adds the notifications' outbox items to a transaction another feature commits. */
export function stageNotifications(work: UnitOfWork, notifications: Notification[]): void {
  for (const notification of notifications) work.stage(outboxPut(work.db, notification));
}

/** Commits `work` with the notifications' outbox items, then wakes the dispatcher. */
export async function notify(ctx: NotifyContext, notifications: Notification[], work = new UnitOfWork(ctx.db)): Promise<void> {
  stageNotifications(work, notifications);
  await work.commit();
  if (notifications.length) ctx.outbox?.kick();
}
