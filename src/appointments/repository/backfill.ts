/**
 * Items written before the byDepartmentDay index existed have no key in it, so a department's
 * numbers would miss them. This gives every appointment and archive stand-in without one its
 * `gsi5pk`/`gsi5sk`, from the fields it holds. A Scan: run once after upgrading, as a batch
 * (`npm run backfill-department-index`), never in a request. Safe to rerun, and to run while the
 * app writes: an item changed or removed meanwhile is left to the write that changed it.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { ifConditionFails } from '../../platform/db/errors';
import { JOB_RETRY, withRetry } from '../../platform/db/retry';
import { APPOINTMENT_PREFIX, ARCHIVED_PREFIX, appointmentIndexAttributes } from '../keys';
import { toAppointment } from './items';

/** Returns how many items were given their department key. */
export async function backfillDepartmentIndex(db: Db): Promise<number> {
  let updated = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const scan = new ScanCommand({
      TableName: db.tables.appointments,
      FilterExpression: '(begins_with(pk, :appointment) OR begins_with(pk, :archived)) AND attribute_not_exists(gsi5pk)',
      ExpressionAttributeValues: { ':appointment': APPOINTMENT_PREFIX, ':archived': ARCHIVED_PREFIX },
      ExclusiveStartKey,
    });
    const page = await withRetry(() => db.doc.send(scan), JOB_RETRY);
    for (const item of page.Items ?? []) if (await addDepartmentKey(db, item)) updated += 1;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return updated;
}

function addDepartmentKey(db: Db, item: Record<string, unknown>): Promise<boolean> {
  const { gsi5pk, gsi5sk } = appointmentIndexAttributes(toAppointment(item));
  const update = new UpdateCommand({
    TableName: db.tables.appointments,
    Key: { pk: item.pk, sk: item.sk },
    UpdateExpression: 'SET gsi5pk = :pk, gsi5sk = :sk',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi5pk)',
    ExpressionAttributeValues: { ':pk': gsi5pk, ':sk': gsi5sk },
  });
  return ifConditionFails(() => withRetry(() => db.doc.send(update), JOB_RETRY).then(() => true), false);
}
