/**
 * Prescriptions issued before the byPatient index existed have no key in it, so the health timeline
 * would not list them. This gives each its `gsi1pk`/`gsi1sk` from the fields it holds, which never
 * change (patient, issue time, id). A Scan: run once after upgrading, as a batch
 * (`npm run backfill-prescription-index`), never in a request. Safe to rerun and to run while the app
 * writes: every write of a prescription sets the keys itself, and the update only adds missing ones.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';
import { JOB_RETRY, withRetry } from '../platform/db/retry';
import { PRESCRIPTION_PREFIX, patientIndexAttributes } from './repository';
import type { Prescription } from './types';

/** Returns how many prescriptions were given their index keys. */
export async function backfillPrescriptionIndex(db: Db): Promise<number> {
  let updated = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const scan = new ScanCommand({
      TableName: db.tables.prescriptions,
      FilterExpression: 'begins_with(pk, :rx) AND attribute_not_exists(gsi1pk)',
      ExpressionAttributeValues: { ':rx': PRESCRIPTION_PREFIX },
      ExclusiveStartKey,
    });
    const page = await withRetry(() => db.doc.send(scan), JOB_RETRY);
    for (const item of page.Items ?? []) if (await addIndexKeys(db, item)) updated += 1;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return updated;
}

function addIndexKeys(db: Db, item: Record<string, unknown>): Promise<boolean> {
  const { gsi1pk, gsi1sk } = patientIndexAttributes(item as unknown as Prescription);
  const update = new UpdateCommand({
    TableName: db.tables.prescriptions,
    Key: { pk: item.pk, sk: item.sk },
    UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi1pk)',
    ExpressionAttributeValues: { ':pk': gsi1pk, ':sk': gsi1sk },
  });
  return ifConditionFails(() => withRetry(() => db.doc.send(update), JOB_RETRY).then(() => true), false);
}
