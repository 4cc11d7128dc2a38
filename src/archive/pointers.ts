/**
 * The stand-in an archived visit leaves in DynamoDB: no medical details, only what a list shows
 * and where the full record is. It keeps the visit's index keys, so the patient's history, the
 * doctor's day and the admin's day (one Query each) list archived visits with the others.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { appointmentIndexAttributes, type Appointment, type Rating } from '../appointments';
import type { Db } from '../platform/db/client';

export const archivedKey = (id: string) => ({ pk: `ARCHIVED#${id}`, sk: 'ARCHIVED' });

export interface ArchivePointer {
  id: string;
  patientId: string;
  doctorId: string;
  status: Appointment['status'];
  version: number;
  /** The S3 key of the part that holds this version. */
  archivedPart: string;
  /** Given before or after archiving: a patient may still rate a completed visit once it is in S3. */
  rating?: Rating;
}

export function pointerItem(appointment: Appointment, archivedPart: string, archivedAt: string) {
  const { id, patientId, doctorId, specialty, hospitalId, start, end, localDate, status, version, rating } = appointment;
  return {
    ...archivedKey(id),
    // A finished visit has no reminder key: these are the patient, doctor-day and day indexes.
    ...appointmentIndexAttributes(appointment),
    ...{ id, patientId, doctorId, specialty, hospitalId, start, end, localDate, status, version },
    ...(rating ? { rating } : {}),
    archivedPart,
    archivedAt,
  };
}

export async function getArchivePointer(db: Db, id: string): Promise<ArchivePointer | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: archivedKey(id), ConsistentRead: true }));
  return result.Item as ArchivePointer | undefined;
}
