/**
 * Deleting an archived visit: one transaction per appointment removes the appointment item (only
 * if it is still the copy that was archived), its doctor and patient lock items, and puts its
 * stand-in (pointers.ts). A visit edited after the copy fails the condition and stays.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { appointmentKey, blocksOf, doctorBlockKey, patientBlockKey, type Appointment } from '../appointments';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';
import { JOB_RETRY, withRetry } from '../platform/db/retry';
import { pointerItem } from './pointers';

/** A cancelled visit freed its locks when it was cancelled (another visit may hold them now). */
function lockKeys(appointment: Appointment) {
  if (appointment.status === 'cancelled') return [];
  return blocksOf(appointment.start, appointment.end).flatMap((block) => [doctorBlockKey(appointment.doctorId, block), patientBlockKey(appointment.patientId, block)]);
}

/** 'changed' when the appointment is no longer the archived copy (or already gone). */
export async function removeArchived(db: Db, archived: Appointment, partKey: string): Promise<'removed' | 'changed'> {
  const TableName = db.tables.appointments;
  // A rating is the one change that keeps the version (see ratings.ts), so its presence is checked too.
  const rated = archived.rating ? 'attribute_exists(rating)' : 'attribute_not_exists(rating)';
  const items = [
    {
      Delete: {
        TableName,
        Key: appointmentKey(archived.id),
        ConditionExpression: `version = :version AND #status = :status AND ${rated}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':version': archived.version, ':status': archived.status },
      },
    },
    ...lockKeys(archived).map((Key) => ({
      Delete: { TableName, Key, ConditionExpression: 'attribute_not_exists(pk) OR appointmentId = :id', ExpressionAttributeValues: { ':id': archived.id } },
    })),
    { Put: { TableName, Item: pointerItem(archived, partKey, new Date().toISOString()) } },
  ];
  try {
    await withRetry(() => db.doc.send(new TransactWriteCommand({ TransactItems: items })), JOB_RETRY);
    return 'removed';
  } catch (error) {
    if (isConditionFailure(error)) return 'changed';
    throw error;
  }
}
