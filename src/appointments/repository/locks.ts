/**
 * Double-booking is made impossible by lock items: one per 5-minute block a visit covers, for the
 * doctor and for the patient, each created with attribute_not_exists in the booking transaction.
 * Blocks rather than slot starts, so visits of different lengths (a plan changed from 20 to 30
 * minutes) still collide when they overlap.
 */
import { DateTime } from 'luxon';
import type { Db } from '../../platform/db/client';
import { doctorBlockKey, patientBlockKey } from '../keys';
import type { Appointment } from '../types';

export const BLOCK_MINUTES = 5;

export function blocksOf(start: string, end: string): string[] {
  const blocks: string[] = [];
  const last = DateTime.fromISO(end);
  for (let at = DateTime.fromISO(start); at < last; at = at.plus({ minutes: BLOCK_MINUTES })) {
    blocks.push(at.toUTC().toISO()!);
  }
  return blocks;
}

type Key = { pk: string; sk: string };

/** The keys of a visit's blocks: the doctor's, or the patient's. */
export const doctorBlocks = (doctorId: string, blocks: string[]): Key[] => blocks.map((block) => doctorBlockKey(doctorId, block));
export const patientBlocks = (patientId: string, blocks: string[]): Key[] => blocks.map((block) => patientBlockKey(patientId, block));
/** Both, doctor's first: every lock a visit holds. */
export const lockKeysOf = (appointment: Appointment): Key[] => {
  const blocks = blocksOf(appointment.start, appointment.end);
  return [...doctorBlocks(appointment.doctorId, blocks), ...patientBlocks(appointment.patientId, blocks)];
};

/** Puts that take locks for the appointment; each fails if someone holds the block. */
export const takeLocks = (db: Db, keys: Key[], appointmentId: string) =>
  keys.map((key) => ({ Put: { TableName: db.tables.appointments, Item: { ...key, appointmentId }, ConditionExpression: 'attribute_not_exists(pk)' } }));

/** Deletes that free the appointment's locks; `orGone` also accepts a lock no longer there. */
export const freeLocks = (db: Db, keys: Key[], appointmentId: string, orGone = false) =>
  keys.map((Key) => ({
    Delete: {
      TableName: db.tables.appointments,
      Key,
      ConditionExpression: orGone ? 'attribute_not_exists(pk) OR appointmentId = :id' : 'appointmentId = :id',
      ExpressionAttributeValues: { ':id': appointmentId },
    },
  }));
