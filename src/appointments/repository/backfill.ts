/**
 * Items written before an index existed have no key in it: before byDepartmentDay a department's
 * numbers would miss them, before byPatientVisits the patient's "Upcoming" and "Past" lists would.
 * This gives every appointment and archive stand-in without them their `gsi5pk`/`gsi5sk` and
 * `gsi6pk`/`gsi6sk`, from the fields it holds. A Scan: run once after upgrading, as a batch
 * (`npm run backfill-department-index`), never in a request. Safe to rerun, and to run while the
 * app writes: the keys follow from the visit's status and fields, and every write that changes
 * those sets them itself, so an item whose status changed meanwhile is left to that write.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { ifConditionFails } from '../../platform/db/errors';
import { JOB_RETRY, withRetry } from '../../platform/db/retry';
import { APPOINTMENT_PREFIX, ARCHIVED_PREFIX, appointmentIndexAttributes } from '../keys';
import { toAppointment } from './items';

const MISSING = '(attribute_not_exists(gsi5pk) OR attribute_not_exists(gsi6pk))';

/** Returns how many items were given their missing index keys. */
export async function backfillIndexKeys(db: Db): Promise<number> {
  let updated = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const scan = new ScanCommand({
      TableName: db.tables.appointments,
      FilterExpression: `(begins_with(pk, :appointment) OR begins_with(pk, :archived)) AND ${MISSING}`,
      ExpressionAttributeValues: { ':appointment': APPOINTMENT_PREFIX, ':archived': ARCHIVED_PREFIX },
      ExclusiveStartKey,
    });
    const page = await withRetry(() => db.doc.send(scan), JOB_RETRY);
    for (const item of page.Items ?? []) if (await addIndexKeys(db, item)) updated += 1;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return updated;
}

function addIndexKeys(db: Db, item: Record<string, unknown>): Promise<boolean> {
  const { gsi5pk, gsi5sk, gsi6pk, gsi6sk } = appointmentIndexAttributes(toAppointment(item));
  const update = new UpdateCommand({
    TableName: db.tables.appointments,
    Key: { pk: item.pk, sk: item.sk },
    UpdateExpression: 'SET gsi5pk = :dept, gsi5sk = :deptSort, gsi6pk = :visits, gsi6sk = :visitsSort',
    ConditionExpression: `attribute_exists(pk) AND #status = :status AND ${MISSING}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':dept': gsi5pk, ':deptSort': gsi5sk, ':visits': gsi6pk, ':visitsSort': gsi6sk, ':status': item.status },
  });
  return ifConditionFails(() => withRetry(() => db.doc.send(update), JOB_RETRY).then(() => true), false);
}
