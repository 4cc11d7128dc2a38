/** Reading appointments: by id, by idempotency key, and the lists (each a Query on an index). */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { queryAll } from '../../platform/db/query';
import { appointmentKey, counterKey, dayIndexKey, doctorDayIndexKey, idempotencyKey, patientIndexKey } from '../keys';
import type { Appointment } from '../types';

const FIELDS = [
  'id', 'patientId', 'doctorId', 'specialty', 'hospitalId', 'start', 'end', 'localDate', 'status', 'reason',
  'assignment', 'cancellation', 'timeline', 'consultation', 'rating', 'nextReminderAt', 'holdsPlace', 'version', 'createdAt',
] as const;

export function toAppointment(item: Record<string, unknown>): Appointment {
  const appointment: Record<string, unknown> = {};
  for (const field of FIELDS) if (item[field] !== undefined) appointment[field] = item[field];
  if (item.archivedPart) appointment.archived = true;
  return appointment as unknown as Appointment;
}

/** The appointment an idempotency key already produced, if any. */
export async function findByIdempotencyKey(db: Db, key: string): Promise<{ appointmentId: string; patientId: string } | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: idempotencyKey(key), ConsistentRead: true }));
  return result.Item ? { appointmentId: result.Item.appointmentId as string, patientId: result.Item.patientId as string } : undefined;
}

export async function getAppointment(db: Db, id: string): Promise<Appointment | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: appointmentKey(id), ConsistentRead: true }));
  return result.Item ? toAppointment(result.Item) : undefined;
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

async function queryIndex(db: Db, index: string, keyName: string, key: string, options: { from?: string; to?: string; descending?: boolean; limit?: number } = {}) {
  const range = options.from && options.to ? ' AND #sk BETWEEN :from AND :to' : options.from ? ' AND #sk >= :from' : '';
  const sortKeyName = { byDoctorDay: 'gsi1sk', byPatient: 'gsi2sk', byDay: 'gsi3sk' }[index]!;
  const items = await queryAll(
    db,
    {
      TableName: db.tables.appointments,
      IndexName: index,
      KeyConditionExpression: `#pk = :key${range}`,
      ExpressionAttributeNames: { '#pk': keyName, ...(range ? { '#sk': sortKeyName } : {}) },
      ExpressionAttributeValues: { ':key': key, ...(options.from ? { ':from': options.from } : {}), ...(options.to ? { ':to': options.to } : {}) },
      ScanIndexForward: !options.descending,
    },
    options.limit,
  );
  return items.map(toAppointment);
}

/** A doctor's appointments on a local date, in time order. */
export const listAppointmentsForDoctorOnDay = (db: Db, doctorId: string, localDate: string) =>
  queryIndex(db, 'byDoctorDay', 'gsi1pk', doctorDayIndexKey(doctorId, localDate));

/** A patient's appointments from an instant on, in time order. */
export const listUpcomingAppointmentsForPatient = (db: Db, patientId: string, from: string) =>
  queryIndex(db, 'byPatient', 'gsi2pk', patientIndexKey(patientId), { from });

/** A patient's appointments before an instant, newest first. */
export const listPastAppointmentsForPatient = (db: Db, patientId: string, before: string, limit = 50) =>
  queryIndex(db, 'byPatient', 'gsi2pk', patientIndexKey(patientId), { from: '0', to: before, descending: true, limit });

/** Every appointment on a local date (admin), in time order. */
export const listAppointmentsOnDay = (db: Db, localDate: string) => queryIndex(db, 'byDay', 'gsi3pk', dayIndexKey(localDate));
