/**
 * Writing a booking: the appointment, its block locks, the idempotency record and the place it
 * takes, in one transaction; and the items booking reads (the form's key, the round-robin counter).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { failedConditions, isConditionFailure } from '../../platform/db/errors';
import { stageNotifications, type Notification } from '../../notifications';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { counterKey, idempotencyKey } from '../keys';
import type { Appointment } from '../types';
import { appointmentItem } from './items';
import { blocksOf, doctorBlocks, patientBlocks, takeLocks } from './locks';
import { placesUpdate } from './places';

/** How long an idempotency record dedupes retries (DynamoDB's own token lasts only 10 minutes). */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export type InsertOutcome = 'booked' | 'slot-taken' | 'patient-busy' | 'key-used' | 'too-many';

/**
 * Writes the appointment, its doctor and patient block locks and the idempotency record in one
 * transaction. The client token makes an SDK retry of a write that did land harmless; the
 * idempotency record dedupes the form beyond the token's 10-minute life. An appointment that
 * `holdsPlace` takes one of the patient's `maxPlaces` in the same transaction ('too-many' when
 * they are all taken).
 */
export async function insertAppointment(
  db: Db,
  appointment: Appointment,
  idempotency: string,
  clientToken: string,
  notices: Notification[] = [],
  maxPlaces?: number,
): Promise<InsertOutcome> {
  if (appointment.holdsPlace && maxPlaces === undefined) throw new Error('insertAppointment: a visit that holds a place needs maxPlaces');
  const blocks = blocksOf(appointment.start, appointment.end);
  const expiresAt = Math.floor(Date.parse(appointment.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS;
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: db.tables.appointments, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
  const items = [
    put({ ...idempotencyKey(idempotency), appointmentId: appointment.id, patientId: appointment.patientId, expiresAt }),
    put(appointmentItem(appointment)),
    // Before the locks: should DynamoDB name only the first failed condition, a patient with no
    // place left hears that, not that some slot is taken (which would send "any doctor" round).
    ...(appointment.holdsPlace ? [placesUpdate(db, appointment.patientId, 1, maxPlaces)] : []),
    ...takeLocks(db, doctorBlocks(appointment.doctorId, blocks), appointment.id),
    ...takeLocks(db, patientBlocks(appointment.patientId, blocks), appointment.id),
  ];
  const work = new UnitOfWork(db);
  items.forEach((item) => work.stage(item));
  // Last, so the positions of the conditions above stay as `failedConditions` reads them.
  stageNotifications(work, notices);
  const firstLock = appointment.holdsPlace ? 3 : 2;
  try {
    await work.commit({ clientToken });
    return 'booked';
  } catch (error) {
    if ((error as Error).name === 'IdempotentParameterMismatchException') return 'key-used';
    if (!isConditionFailure(error)) throw error;
    const failed = failedConditions(error);
    if (failed[0]) return 'key-used';
    if (appointment.holdsPlace && failed[2]) return 'too-many';
    if (failed.slice(firstLock, firstLock + blocks.length).some(Boolean)) return 'slot-taken';
    return 'patient-busy';
  }
}

/** The appointment an idempotency key already produced, if any. */
export async function findByIdempotencyKey(db: Db, key: string): Promise<{ appointmentId: string; patientId: string } | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: idempotencyKey(key), ConsistentRead: true }));
  return result.Item ? { appointmentId: result.Item.appointmentId as string, patientId: result.Item.patientId as string } : undefined;
}

/** Advances a specialty's round-robin counter atomically and returns the new value. */
export async function nextRoundRobinCounter(db: Db, specialty: string): Promise<number> {
  const result = await db.doc.send(
    new UpdateCommand({
      TableName: db.tables.appointments,
      Key: counterKey(specialty),
      UpdateExpression: 'ADD #value :one',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return result.Attributes!.value as number;
}
