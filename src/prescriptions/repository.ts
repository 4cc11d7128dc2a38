/**
 * Prescriptions in their own table. One visit gives one prescription: the prescription and a
 * claim item on the visit are written in one transaction, the claim only if absent, so a second
 * request (a double click, two tabs, patient and doctor at once) finds the first one instead.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { ConflictError } from '../platform/http/errors';
import type { Prescription } from './types';

const prescriptionKey = (id: string) => ({ pk: `RX#${id}`, sk: 'RX' });
const visitClaimKey = (appointmentId: string) => ({ pk: `VISIT#${appointmentId}`, sk: 'RX' });

const toPrescription = (item: Record<string, unknown>): Prescription => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as Prescription;
};

export async function getPrescription(db: Db, id: string): Promise<Prescription | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.prescriptions, Key: prescriptionKey(id), ConsistentRead: true }));
  return Item ? toPrescription(Item) : undefined;
}

/** The id of the prescription issued from a visit, if any. */
export async function getPrescriptionIdForVisit(db: Db, appointmentId: string): Promise<string | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.prescriptions, Key: visitClaimKey(appointmentId), ConsistentRead: true }));
  return Item?.prescriptionId as string | undefined;
}

/** Writes a new prescription with its visit's claim; false if the visit already has one. */
export async function createPrescription(db: Db, prescription: Prescription): Promise<boolean> {
  const work = new UnitOfWork(db);
  const table = db.tables.prescriptions;
  work.stage({ Put: { TableName: table, Item: { ...prescriptionKey(prescription.id), ...prescription }, ConditionExpression: 'attribute_not_exists(pk)' } });
  work.stage({
    Put: { TableName: table, Item: { ...visitClaimKey(prescription.appointmentId), prescriptionId: prescription.id }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  try {
    await work.commit();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Stages a change of status on a still-active prescription at the version read, into a
 * transaction the caller commits (with the patient's notification, for a revocation).
 */
export function stageStatusChange(work: UnitOfWork, before: Prescription, after: Prescription): void {
  work.stage(
    {
      Put: {
        TableName: work.db.tables.prescriptions,
        Item: { ...prescriptionKey(after.id), ...after, version: before.version + 1 },
        ConditionExpression: '#version = :version AND #status = :active',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': before.version, ':active': 'active' },
      },
    },
    () => new ConflictError('This prescription was changed a moment ago. Reload the page to see it now.'),
  );
}
