/** The reminder index: booked visits whose next reminder is due, and moving a visit on from one. */
import type { Db } from '../../platform/db/client';
import { queryAll } from '../../platform/db/query';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { appointmentKey, REMINDER_INDEX_KEY, reminderSortKey } from '../keys';
import type { Appointment } from '../types';
import { toAppointment } from './items';

/** Appointments whose next reminder is due at `now` or before, the longest due first. */
export async function listDueReminders(db: Db, now: Date, limit: number): Promise<Appointment[]> {
  const items = await queryAll(
    db,
    {
      TableName: db.tables.appointments,
      IndexName: 'byReminder',
      KeyConditionExpression: 'gsi4pk = :reminder AND gsi4sk <= :now',
      // '~' sorts after every id, so a key due exactly now is included.
      ExpressionAttributeValues: { ':reminder': REMINDER_INDEX_KEY, ':now': `${now.toISOString()}#~` },
    },
    limit,
  );
  return items.map(toAppointment);
}

/**
 * Stages the Update that moves a visit from the reminder it was read with to `next` (or out of the
 * index), only if nothing changed since: not the reminder, not the status, not the version. Of
 * passes racing over the same reminder exactly one gets it. The version stays: it is the users'
 * optimistic lock, and a reminder changes nothing they edit.
 */
export function stageReminderMove(work: UnitOfWork, read: Appointment, next: string | undefined): void {
  work.stage({
    Update: {
      TableName: work.db.tables.appointments,
      Key: appointmentKey(read.id),
      UpdateExpression: next ? 'SET nextReminderAt = :next, gsi4sk = :nextKey' : 'REMOVE nextReminderAt, gsi4pk, gsi4sk',
      ConditionExpression: 'gsi4sk = :seen AND #status = :status AND version = :version',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':seen': reminderSortKey(read), ':status': read.status, ':version': read.version,
        ...(next ? { ':next': next, ':nextKey': reminderSortKey({ id: read.id, nextReminderAt: next }) } : {}),
      },
    },
  });
}
