/**
 * Changing a booked appointment. Every change that touches lock items is one TransactWriteItems,
 * and every change to an appointment is conditioned on the version (and status) that was read.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { failedConditions, isConditionFailure, withConflict } from '../../platform/db/errors';
import { ConflictError } from '../../platform/http/errors';
import { stageNotifications, type Notification } from '../../notifications';
import { UnitOfWork, type TransactItem } from '../../platform/db/unit-of-work';
import { appointmentKey, patientVisitsIndexKey } from '../keys';
import type { Appointment } from '../types';
import { appointmentItem } from './items';
import { blocksOf, doctorBlocks, freeLocks, lockKeysOf, patientBlocks, takeLocks } from './locks';
import { placesUpdate } from './places';

const CHANGED = 'This appointment was changed by someone else. Reload to see it.';

/** One transaction of these writes and then the notices' outbox items. */
function commitWithNotices(db: Db, items: TransactItem[], notices: Notification[]): Promise<void> {
  const work = new UnitOfWork(db);
  items.forEach((item) => work.stage(item));
  stageNotifications(work, notices);
  return work.commit();
}

/** The Put that replaces an appointment only if it is still the version and status that were read. */
function replaceIfUnchanged(db: Db, read: Appointment, next: Appointment) {
  // The reminder pass moves its key without a new version (see reminders.ts): a replace that keeps
  // the reminder it read must find it still due, or a reminder already sent would be due again.
  const keepsReminder = next.status === 'booked' && next.nextReminderAt !== undefined && next.nextReminderAt === read.nextReminderAt;
  return {
    TableName: db.tables.appointments,
    Item: appointmentItem(next),
    ConditionExpression: `version = :version AND #status = :status${keepsReminder ? ' AND nextReminderAt = :reminder' : ''}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':version': read.version, ':status': read.status, ...(keepsReminder ? { ':reminder': read.nextReminderAt } : {}) },
  };
}

/** A visit in one of these states is over: it gives its place back (see `holdsPlace` in types.ts). */
const ENDED: readonly Appointment['status'][] = ['completed', 'no-show', 'cancelled'];

/**
 * Cancels if the appointment is still the version read and still active, and frees its locks and
 * its place, in one transaction: of two racing cancels exactly one wins.
 */
export async function cancelAppointment(db: Db, appointment: Appointment, cancellation: NonNullable<Appointment['cancellation']>, notices: Notification[] = []): Promise<Appointment> {
  const cancel = {
    Update: {
      TableName: db.tables.appointments,
      Key: appointmentKey(appointment.id),
      // The visit moves from the patient's active visits to their ended ones (see appointmentIndexAttributes).
      UpdateExpression: 'SET #status = :cancelled, cancellation = :cancellation, version = version + :one, gsi6pk = :ended REMOVE nextReminderAt, gsi4pk, gsi4sk, holdsPlace',
      ConditionExpression: 'version = :version AND #status IN (:booked, :checkedIn)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled', ':cancellation': cancellation, ':one': 1, ':version': appointment.version,
        ':booked': 'booked', ':checkedIn': 'checked-in', ':ended': patientVisitsIndexKey(appointment.patientId, false),
      },
    },
  };
  const items = [
    cancel,
    ...freeLocks(db, lockKeysOf(appointment), appointment.id),
    // The version condition above makes sure the place read is the one given back, once.
    ...(appointment.holdsPlace ? [placesUpdate(db, appointment.patientId, -1)] : []),
  ];
  await withConflict('This appointment was changed by someone else (perhaps already cancelled). Reload to see it.', () =>
    commitWithNotices(db, items, notices),
  );
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
  const release = releases ? [placesUpdate(db, appointment.patientId, -1)] : [];
  await withConflict(CHANGED, async () => {
    if (!release.length && !notices.length) await db.doc.send(new PutCommand(put));
    else await commitWithNotices(db, [{ Put: put }, ...release], notices);
  });
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
  const locksOf = (blocks: string[]) => [...doctorBlocks(appointment.doctorId, blocks), ...patientBlocks(appointment.patientId, blocks)];
  const items = [
    { Put: replaceIfUnchanged(db, appointment, { ...moved, version: appointment.version + 1 }) },
    ...takeLocks(db, locksOf(entering), appointment.id),
    ...freeLocks(db, locksOf(leaving), appointment.id),
  ];
  try {
    await commitWithNotices(db, items, notices);
    return 'moved';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const failed = failedConditions(error);
    if (failed[0]) throw new ConflictError(CHANGED);
    // The doctor's entering blocks come first, the patient's after them.
    if (failed.slice(1, 1 + entering.length).some(Boolean)) return 'slot-taken';
    return 'patient-busy';
  }
}

/**
 * Gives the appointment to another doctor at the same time, in one transaction: the appointment
 * (if still the version read and still booked), the old doctor's blocks freed, the new one's taken.
 * The patient's blocks do not change. `notices` (the patient's, both doctors') are enqueued in the
 * same transaction, so a reassignment that loses a race tells no one. Returns false when the new
 * doctor is no longer free.
 */
export async function reassignAppointment(db: Db, appointment: Appointment, reassigned: Appointment, notices: Notification[] = []): Promise<boolean> {
  const blocks = blocksOf(appointment.start, appointment.end);
  const next = { ...reassigned, version: appointment.version + 1 };
  const items = [
    { Put: replaceIfUnchanged(db, appointment, next) },
    ...takeLocks(db, doctorBlocks(next.doctorId, blocks), next.id),
    ...freeLocks(db, doctorBlocks(appointment.doctorId, blocks), appointment.id),
  ];
  try {
    await commitWithNotices(db, items, notices);
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (failedConditions(error)[0]) throw new ConflictError(CHANGED);
    return false;
  }
}
