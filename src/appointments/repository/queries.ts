/** Reading appointments: by id, and the lists (each a Query on an index). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { queryAll } from '../../platform/db/query';
import { appointmentKey, dayIndexKey, departmentDayIndexKey, doctorDayIndexKey, patientIndexKey } from '../keys';
import type { Appointment } from '../types';
import { toAppointment } from './items';

export async function getAppointment(db: Db, id: string): Promise<Appointment | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: appointmentKey(id), ConsistentRead: true }));
  return result.Item ? toAppointment(result.Item) : undefined;
}

/** Each index with its key attributes. */
const INDEXES = {
  byDoctorDay: ['gsi1pk', 'gsi1sk'],
  byPatient: ['gsi2pk', 'gsi2sk'],
  byDay: ['gsi3pk', 'gsi3sk'],
  byDepartmentDay: ['gsi5pk', 'gsi5sk'],
} as const;

async function queryIndex(db: Db, index: keyof typeof INDEXES, key: string, options: { from?: string; to?: string; descending?: boolean; limit?: number } = {}) {
  const range = options.from && options.to ? ' AND #sk BETWEEN :from AND :to' : options.from ? ' AND #sk >= :from' : '';
  const [keyName, sortKeyName] = INDEXES[index];
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
  queryIndex(db, 'byDoctorDay', doctorDayIndexKey(doctorId, localDate));

/** A patient's appointments from an instant on, in time order. */
export const listUpcomingAppointmentsForPatient = (db: Db, patientId: string, from: string) =>
  queryIndex(db, 'byPatient', patientIndexKey(patientId), { from });

/** A patient's appointments before an instant, newest first. */
export const listPastAppointmentsForPatient = (db: Db, patientId: string, before: string, limit = 50) =>
  queryIndex(db, 'byPatient', patientIndexKey(patientId), { from: '0', to: before, descending: true, limit });

/** Every appointment on a local date (admin), in time order. */
export const listAppointmentsOnDay = (db: Db, localDate: string) => queryIndex(db, 'byDay', dayIndexKey(localDate));

/** The appointments of one department (a specialty at a hospital) on a local date, in time order. */
export const listAppointmentsForDepartmentOnDay = (db: Db, hospitalId: string, specialty: string, localDate: string) =>
  queryIndex(db, 'byDepartmentDay', departmentDayIndexKey(hospitalId, specialty, localDate));
