/**
 * Places: how many active visits each patient holds, one counter item per patient
 * (`PATIENT_PLACES#`), moved with ADD in the very transactions that book a visit or end one, so the
 * cap holds however many requests race. See `holdsPlace` in ../types.ts and the README.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { ifConditionFails } from '../../platform/db/errors';
import { queryAll } from '../../platform/db/query';
import { appointmentKey, patientIndexKey, patientPlacesKey } from '../keys';
import type { Appointment } from '../types';
import { toAppointment } from './items';

/**
 * The Update that moves a patient's place count, for the transaction of the change that causes it:
 * a place is taken only while fewer than `max` are held; one given back is always given back.
 * A patient with no counter item yet holds none.
 */
export function placesUpdate(db: Db, patientId: string, change: 1 | -1, max?: number) {
  return {
    Update: {
      TableName: db.tables.appointments,
      Key: patientPlacesKey(patientId),
      UpdateExpression: 'ADD places :change',
      ...(change > 0 ? { ConditionExpression: 'attribute_not_exists(places) OR places < :max' } : {}),
      ExpressionAttributeValues: { ':change': change, ...(change > 0 ? { ':max': max } : {}) },
    },
  };
}

/** How many places the patient holds now (no counter item yet: none). */
export async function countPlaces(db: Db, patientId: string): Promise<number> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: patientPlacesKey(patientId), ConsistentRead: true }));
  return (result.Item?.places as number | undefined) ?? 0;
}

/**
 * The patient's visits that ended by `before` and still hold a place (nobody marked them done).
 * The index is read only up to `before`, and the filter returns only flagged items; this runs only
 * when a patient has no place left.
 */
export async function listEndedVisitsHoldingPlaces(db: Db, patientId: string, before: string): Promise<Appointment[]> {
  const items = await queryAll(db, {
    TableName: db.tables.appointments,
    IndexName: 'byPatient',
    KeyConditionExpression: 'gsi2pk = :key AND gsi2sk < :before',
    FilterExpression: 'holdsPlace = :true',
    ExpressionAttributeValues: { ':key': patientIndexKey(patientId), ':before': before, ':true': true },
  });
  return items.map(toAppointment).filter((visit) => visit.end <= before);
}

/**
 * Gives back the place of a visit found over while still active (nobody marked it done), if it
 * is still the version read and still holds it: the flag and the count change together, once.
 * False when the visit changed meanwhile (its own transition then gave the place back, or will).
 */
export async function releasePlaceOfEndedVisit(db: Db, appointment: Appointment): Promise<boolean> {
  const release = {
    Update: {
      TableName: db.tables.appointments,
      Key: appointmentKey(appointment.id),
      UpdateExpression: 'SET version = version + :one REMOVE holdsPlace',
      ConditionExpression: 'version = :version AND holdsPlace = :true',
      ExpressionAttributeValues: { ':one': 1, ':version': appointment.version, ':true': true },
    },
  };
  const transaction = new TransactWriteCommand({ TransactItems: [release, placesUpdate(db, appointment.patientId, -1)] });
  return ifConditionFails(() => db.doc.send(transaction).then(() => true), false);
}
