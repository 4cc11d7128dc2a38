/**
 * Prescriptions in their own table. One visit gives one prescription: the prescription and a
 * claim item on the visit are written in one transaction, the claim only if absent, so a second
 * request (a double click, two tabs, patient and doctor at once) finds the first one instead.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { ConflictError } from '../platform/http/errors';
import type { Prescription } from './types';

export const PRESCRIPTION_PREFIX = 'RX#';
const prescriptionKey = (id: string) => ({ pk: `${PRESCRIPTION_PREFIX}${id}`, sk: 'RX' });
const visitClaimKey = (appointmentId: string) => ({ pk: `VISIT#${appointmentId}`, sk: 'RX' });
/** byPatient (sparse: only prescriptions carry it): a patient's prescriptions by issue time. */
const patientIndexKey = (patientId: string) => `PATIENT#${patientId}`;
export const patientIndexAttributes = (p: Pick<Prescription, 'patientId' | 'issuedAt' | 'id'>) => ({ gsi1pk: patientIndexKey(p.patientId), gsi1sk: `${p.issuedAt}#${p.id}` });
const prescriptionItem = (p: Prescription) => ({ ...prescriptionKey(p.id), ...patientIndexAttributes(p), ...p });

const toPrescription = (item: Record<string, unknown>): Prescription => {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...rest } = item;
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
  work.stage({ Put: { TableName: table, Item: prescriptionItem(prescription), ConditionExpression: 'attribute_not_exists(pk)' } });
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
        Item: prescriptionItem({ ...after, version: before.version + 1 }),
        ConditionExpression: '#version = :version AND #status = :active',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': before.version, ':active': 'active' },
      },
    },
    () => new ConflictError('This prescription was changed a moment ago. Reload the page to see it now.'),
  );
}

/**
 * Up to `limit` of a patient's prescriptions issued in [from, below) by sort key ("<issuedAt>#<id>"),
 * newest first: one Query on byPatient.
 */
export async function listPrescriptionsForPatient(db: Db, patientId: string, range: { from: string; below: string; limit: number }): Promise<Prescription[]> {
  if (range.from >= range.below) return [];
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.prescriptions,
      IndexName: 'byPatient',
      KeyConditionExpression: 'gsi1pk = :key AND gsi1sk BETWEEN :from AND :below',
      ExpressionAttributeValues: { ':key': patientIndexKey(patientId), ':from': range.from, ':below': range.below },
      ScanIndexForward: false,
      // BETWEEN includes its upper end, which the range leaves out: one more, dropped below.
      Limit: range.limit + 1,
    }),
  );
  return (Items ?? []).filter((item) => String(item.gsi1sk) < range.below).slice(0, range.limit).map(toPrescription);
}
