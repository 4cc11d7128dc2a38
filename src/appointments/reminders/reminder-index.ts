/**
 * A calendar's sparse reminder index (`byReminder`): visits in the appointments table (gsi4),
 * donation bookings in theirs (gsi3). A booking sits under REMINDER, sorted by its next reminder,
 * until none is left. The due Query and the conditional move are the same for every calendar.
 */
import type { Db } from '../../platform/db/client';
import { queryAll } from '../../platform/db/query';
import type { TableNames } from '../../platform/db/tables';
import type { UnitOfWork } from '../../platform/db/unit-of-work';

export const REMINDER_INDEX_KEY = 'REMINDER';
export const reminderSortKey = (booking: { id: string; nextReminderAt?: string }) => `${booking.nextReminderAt}#${booking.id}`;

export interface ReminderIndex {
  table: keyof TableNames;
  /** The index's key attributes' prefix: 'gsi4' for gsi4pk / gsi4sk. */
  attributes: string;
  key(id: string): Record<string, string>;
}

/** The items whose next reminder is due at `now` or before, the longest due first. */
export function queryDueReminders(db: Db, index: ReminderIndex, now: Date, limit: number): Promise<Record<string, unknown>[]> {
  const { attributes: a } = index;
  return queryAll(
    db,
    {
      TableName: db.tables[index.table],
      IndexName: 'byReminder',
      KeyConditionExpression: `${a}pk = :reminder AND ${a}sk <= :now`,
      // '~' sorts after every id, so a key due exactly now is included.
      ExpressionAttributeValues: { ':reminder': REMINDER_INDEX_KEY, ':now': `${now.toISOString()}#~` },
    },
    limit,
  );
}

/**
 * Stages the Update that moves a booking from the reminder it was read with to `next` (or out of the
 * index), only if nothing changed since: not the reminder, not the status, not the version. Of
 * passes racing over the same reminder exactly one gets it. The version stays: it is the users'
 * optimistic lock, and a reminder changes nothing they edit.
 */
export function stageReminderKeyMove(
  work: UnitOfWork,
  index: ReminderIndex,
  read: { id: string; status: string; version: number; nextReminderAt?: string },
  next: string | undefined,
): void {
  const { attributes: a } = index;
  work.stage({
    Update: {
      TableName: work.db.tables[index.table],
      Key: index.key(read.id),
      UpdateExpression: next ? `SET nextReminderAt = :next, ${a}sk = :nextKey` : `REMOVE nextReminderAt, ${a}pk, ${a}sk`,
      ConditionExpression: `${a}sk = :seen AND #status = :status AND version = :version`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':seen': reminderSortKey(read), ':status': read.status, ':version': read.version,
        ...(next ? { ':next': next, ':nextKey': reminderSortKey({ id: read.id, nextReminderAt: next }) } : {}),
      },
    },
  });
}
