/**
 * Upgrading to the admin console (`npm run backfill-users`, a batch, never in a request).
 * Users made before the search indexes have no search keys, so an admin search would miss them:
 * backfillSearchKeys gives every user item without them its keys, from the fields it holds (a
 * Scan). Safe to rerun and to run while the app writes: the update is conditioned on the version
 * it read, and a user changed meanwhile got its keys from that write.
 */
import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';
import { JOB_RETRY, withRetry } from '../platform/db/retry';
import { bookableCountKey, userKey } from './keys';
import { allPages, listBookableDoctorsBySpecialty } from './lists';
import { toUser } from './repository';
import { searchAttributes } from './search-keys';

const MISSING = '(attribute_not_exists(gsi4pk) OR attribute_not_exists(gsi5pk) OR attribute_not_exists(gsi6pk) OR attribute_not_exists(gsi7pk))';

/** Returns how many users were given their missing search keys. */
export async function backfillSearchKeys(db: Db): Promise<number> {
  let updated = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const scan = new ScanCommand({
      TableName: db.tables.users,
      FilterExpression: `begins_with(pk, :user) AND sk = :profile AND ${MISSING}`,
      ExpressionAttributeValues: { ':user': 'USER#', ':profile': 'PROFILE' },
      ExclusiveStartKey,
    });
    const page = await withRetry(() => db.doc.send(scan), JOB_RETRY);
    for (const item of page.Items ?? []) if (await addSearchKeys(db, item)) updated += 1;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return updated;
}

function addSearchKeys(db: Db, item: Record<string, unknown>): Promise<boolean> {
  const user = toUser(item)!;
  const keys = Object.entries(searchAttributes(user)).filter(([, value]) => value !== undefined);
  if (!keys.length) return Promise.resolve(false);
  const update = new UpdateCommand({
    TableName: db.tables.users,
    Key: userKey(user.id),
    UpdateExpression: `SET ${keys.map((_, i) => `#k${i} = :k${i}`).join(', ')}`,
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version', ...Object.fromEntries(keys.map(([name], i) => [`#k${i}`, name])) },
    ExpressionAttributeValues: { ':version': user.version, ...Object.fromEntries(keys.map(([, value], i) => [`:k${i}`, value])) },
  });
  return ifConditionFails(() => withRetry(() => db.doc.send(update), JOB_RETRY).then(() => true), false);
}

/**
 * Sets each specialty's counter to the number of approved, active doctors its index lists: once,
 * after upgrading to the counters (users made before them were never counted). Run it when no
 * admin is approving or (de)activating doctors: a change made while it counts may be lost.
 */
export async function backfillBookableCounts(db: Db, specialties: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const specialty of specialties) {
    counts[specialty] = (await allPages((cursor) => listBookableDoctorsBySpecialty(db, specialty, cursor))).length;
    await db.doc.send(new PutCommand({ TableName: db.tables.users, Item: { ...bookableCountKey(specialty), active: counts[specialty] } }));
  }
  return counts;
}
