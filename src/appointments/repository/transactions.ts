/**
 * Writing appointments. Every change that touches lock items is one TransactWriteItems, and every
 * change to an appointment is conditioned on the version (and status) that was read.
 */
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { isConditionFailure } from '../../platform/db/errors';
import { ConflictError } from '../../platform/http/errors';
import { appointmentIndexAttributes, appointmentKey, doctorBlockKey, idempotencyKey, patientBlockKey } from '../keys';
import { blocksOf } from '../locks';
import { outboxPut, type Notification } from '../../notifications';
import { placesUpdate } from './places';
import type { Appointment } from '../types';

const CHANGED = 'This appointment was changed by someone else. Reload to see it.';

/** Which items of a cancelled transaction failed their condition, in order. */
function failedConditions(error: unknown): boolean[] {
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code === 'ConditionalCheckFailed');
}

/** The Put that replaces an appointment only if it is still the version and status that were read. */
function replaceIfUnchanged(db: Db, read: Appointment, next: Appointment) {
  // The reminder pass moves its key without a new version (see reminders.ts): a replace that keeps
  // the reminder it read must find it still due, or a reminder already sent would be due again.
  const keepsReminder = next.status === 'booked' && next.nextReminderAt !== undefined && next.nextReminderAt === read.nextReminderAt;
  return {
    TableName: db.tables.appointments,
    Item: { ...appointmentKey(next.id), ...appointmentIndexAttributes(next), ...next },
    ConditionExpression: `version = :version AND #status = :status${keepsReminder ? ' AND nextReminderAt = :reminder' : ''}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':version': read.version, ':status': read.status, ...(keepsReminder ? { ':reminder': read.nextReminderAt } : {}) },
  };
}

/** A visit in one of these states is over: it gives its place back (see `holdsPlace` in types.ts). */
const ENDED: readonly Appointment['status'][] = ['completed', 'no-show', 'cancelled'];

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
  const lock = (key: object) => ({
    Put: { TableName: db.tables.appointments, Item: { ...key, appointmentId: appointment.id }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const items = [
    {
      Put: {
        TableName: db.tables.appointments,
        Item: { ...idempotencyKey(idempotency), appointmentId: appointment.id, patientId: appointment.patientId, expiresAt: Math.floor(Date.parse(appointment.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: db.tables.appointments,
        Item: { ...appointmentKey(appointment.id), ...appointmentIndexAttributes(appointment), ...appointment },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    // Before the locks: should DynamoDB name only the first failed condition, a patient with no
    // place left hears that, not that some slot is taken (which would send "any doctor" round).
    ...(appointment.holdsPlace ? [placesUpdate(db, appointment.patientId, 1, maxPlaces)] : []),
    ...blocks.map((block) => lock(doctorBlockKey(appointment.doctorId, block))),
    ...blocks.map((block) => lock(patientBlockKey(appointment.patientId, block))),
    // Last, so the positions of the conditions above stay as `failedConditions` reads them.
    ...notices.map((notice) => outboxPut(db, notice)),
  ];
  const firstLock = appointment.holdsPlace ? 3 : 2;
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: clientToken }));
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


/**
 * Cancels if the appointment is still the version read and still active, and frees its locks and
 * its place, in one transaction: of two racing cancels exactly one wins.
 */
export async function cancelAppointment(db: Db, appointment: Appointment, cancellation: NonNullable<Appointment['cancellation']>, notices: Notification[] = []): Promise<Appointment> {
  const blocks = blocksOf(appointment.start, appointment.end);
  const free = (key: object) => ({
    Delete: {
      TableName: db.tables.appointments,
      Key: key,
      ConditionExpression: 'appointmentId = :id',
      ExpressionAttributeValues: { ':id': appointment.id },
    },
  });
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tables.appointments,
              Key: appointmentKey(appointment.id),
              UpdateExpression: 'SET #status = :cancelled, cancellation = :cancellation, version = version + :one REMOVE nextReminderAt, gsi4pk, gsi4sk, holdsPlace',
              ConditionExpression: 'version = :version AND #status IN (:booked, :checkedIn)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':cancelled': 'cancelled', ':cancellation': cancellation, ':one': 1, ':version': appointment.version,
                ':booked': 'booked', ':checkedIn': 'checked-in',
              },
            },
          },
          ...blocks.map((block) => free(doctorBlockKey(appointment.doctorId, block))),
          ...blocks.map((block) => free(patientBlockKey(appointment.patientId, block))),
          // The version condition above makes sure the place read is the one given back, once.
          ...(appointment.holdsPlace ? [placesUpdate(db, appointment.patientId, -1)] : []),
          ...notices.map((notice) => outboxPut(db, notice)),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError('This appointment was changed by someone else (perhaps already cancelled). Reload to see it.');
    throw error;
  }
  return { ...appointment, status: 'cancelled', cancellation, nextReminderAt: undefined, holdsPlace: undefined, version: appointment.version + 1 };
}


/**
 * Moves an appointment from one status to the next if it is still the version read (optimistic
 * locking); `changes` are further attributes to set, such as the consultation. `notices` are
 * enqueued in the same transaction, and so is the place given back when the visit ends.
 */
export async function updateAppointmentStatus(db: Db, appointment: Appointment, status: Appointment['status'], changes: Partial<Appointment>, notices: Notification[] = []): Promise<Appointment> {
  // Only a booked visit is reminded of: checked in, under way or over, it leaves the reminder index.
  const nextReminderAt = status === 'booked' ? appointment.nextReminderAt : undefined;
  const releases = Boolean(appointment.holdsPlace) && ENDED.includes(status);
  const holdsPlace = releases ? undefined : appointment.holdsPlace;
  const next = { ...appointment, ...changes, status, nextReminderAt, holdsPlace, version: appointment.version + 1 };
  const put = replaceIfUnchanged(db, appointment, next);
  const alongside = [...(releases ? [placesUpdate(db, appointment.patientId, -1)] : []), ...notices.map((notice) => outboxPut(db, notice))];
  try {
    if (!alongside.length) await db.doc.send(new PutCommand(put));
    else await db.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...alongside] }));
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(CHANGED);
    throw error;
  }
  return next;
}

export type MoveOutcome = 'moved' | 'slot-taken' | 'patient-busy';

/**
 * Moves an appointment to a new time in one transaction: the appointment (if still the version
 * read and still booked), the blocks it leaves freed, the blocks it enters taken. Blocks in both
 * are left alone: a transaction may touch an item only once.
 */
export async function moveAppointment(db: Db, appointment: Appointment, moved: Appointment, notices: Notification[] = []): Promise<MoveOutcome> {
  const before = blocksOf(appointment.start, appointment.end);
  const after = blocksOf(moved.start, moved.end);
  const leaving = before.filter((b) => !after.includes(b));
  const entering = after.filter((b) => !before.includes(b));
  const owners = [appointment.doctorId, appointment.patientId] as const;
  const keyFor = (owner: number, block: string) => (owner === 0 ? doctorBlockKey(owners[0], block) : patientBlockKey(owners[1], block));
  const next = { ...moved, version: appointment.version + 1 };
  const items = [
    { Put: replaceIfUnchanged(db, appointment, next) },
    ...[0, 1].flatMap((owner) =>
      entering.map((block) => ({
        Put: { TableName: db.tables.appointments, Item: { ...keyFor(owner, block), appointmentId: appointment.id }, ConditionExpression: 'attribute_not_exists(pk)' },
      })),
    ),
    ...[0, 1].flatMap((owner) =>
      leaving.map((block) => ({
        Delete: { TableName: db.tables.appointments, Key: keyFor(owner, block), ConditionExpression: 'appointmentId = :id', ExpressionAttributeValues: { ':id': appointment.id } },
      })),
    ),
    ...notices.map((notice) => outboxPut(db, notice)),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return 'moved';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const failed = failedConditions(error);
    if (failed[0]) throw new ConflictError(CHANGED);
    if (failed.slice(1, 1 + entering.length).some(Boolean)) return 'slot-taken';
    return 'patient-busy';
  }
}

/**
 * Gives the appointment to another doctor at the same time, in one transaction: the appointment
 * (if still the version read and still booked), the old doctor's blocks freed, the new one's taken.
 * The patient's blocks do not change. Returns false when the new doctor is no longer free.
 */
export async function reassignAppointment(db: Db, appointment: Appointment, reassigned: Appointment): Promise<boolean> {
  const blocks = blocksOf(appointment.start, appointment.end);
  const next = { ...reassigned, version: appointment.version + 1 };
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: replaceIfUnchanged(db, appointment, next) },
          ...blocks.map((block) => ({
            Put: { TableName: db.tables.appointments, Item: { ...doctorBlockKey(next.doctorId, block), appointmentId: next.id }, ConditionExpression: 'attribute_not_exists(pk)' },
          })),
          ...blocks.map((block) => ({
            Delete: {
              TableName: db.tables.appointments,
              Key: doctorBlockKey(appointment.doctorId, block),
              ConditionExpression: 'appointmentId = :id',
              ExpressionAttributeValues: { ':id': appointment.id },
            },
          })),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const failed = failedConditions(error);
    if (failed[0]) throw new ConflictError(CHANGED);
    return false;
  }
}
