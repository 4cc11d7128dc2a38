/**
 * The stand-in an archived visit leaves in DynamoDB: no medical details, only what a list shows
 * and where the full record is. It sits in the byPatient index under the visit's own sort key, so
 * the patient's past appointments (one Query) list archived visits with the others.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { patientIndexKey, type Appointment } from '../appointments';
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
}

export function pointerItem(appointment: Appointment, archivedPart: string, archivedAt: string) {
  const { id, patientId, doctorId, specialty, hospitalId, start, end, localDate, status, version } = appointment;
  return {
    ...archivedKey(id),
    gsi2pk: patientIndexKey(patientId),
    gsi2sk: `${start}#${id}`,
    ...{ id, patientId, doctorId, specialty, hospitalId, start, end, localDate, status, version },
    archivedPart,
    archivedAt,
  };
}

export async function getArchivePointer(db: Db, id: string): Promise<ArchivePointer | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: archivedKey(id), ConsistentRead: true }));
  return result.Item as ArchivePointer | undefined;
}
