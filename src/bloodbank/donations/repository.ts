/** Donors and donations in the bloodbank table: reads and the transactions that write them. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { donationKey, donorKey, donorPartition, donorPhoneKey, donationQueue, withoutKeys } from '../keys';
import type { Donation, Donor, Sex } from '../types';

export async function getDonor(db: Db, id: string): Promise<Donor | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.bloodbank, Key: donorKey(id), ConsistentRead: true }));
  return Item ? withoutKeys<Donor>(Item) : undefined;
}

/** The walk-in donor registered with this phone number (E.164), if any. */
export async function getWalkInByPhone(db: Db, phone: string): Promise<Donor | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.bloodbank, Key: donorPhoneKey(phone), ConsistentRead: true }));
  return Item ? getDonor(db, String(Item.donorId)) : undefined;
}

export async function getDonation(db: Db, id: string): Promise<Donation | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.bloodbank, Key: donationKey(id), ConsistentRead: true }));
  return Item ? withoutKeys<Donation>(Item) : undefined;
}

/** A donor's donations, newest first (whole blood and apheresis): one Query on byDonor. */
export async function listDonationsOfDonor(db: Db, donorId: string, limit = 20): Promise<Donation[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({ TableName: db.tables.bloodbank, IndexName: 'byDonor', KeyConditionExpression: 'gsi5pk = :pk', ExpressionAttributeValues: { ':pk': donorPartition(donorId) }, ScanIndexForward: false, Limit: limit }),
  );
  return Items.map((item) => withoutKeys<Donation>(item)).sort((a, b) => b.collectedOn.localeCompare(a.collectedOn));
}

/**
 * The latest whole-blood donation of a donor (a registered patient's donor id is their user id):
 * one Query on byDonor, newest first, limit 1. With the sex on their donor record, for the
 * re-donation interval.
 */
export async function lastWholeBloodDonation(db: Db, donorId: string): Promise<{ collectedOn: string; sex?: Sex } | undefined> {
  const [{ Items = [] }, donor] = await Promise.all([
    db.doc.send(
      new QueryCommand({
        TableName: db.tables.bloodbank,
        IndexName: 'byDonor',
        KeyConditionExpression: 'gsi5pk = :pk AND begins_with(gsi5sk, :wb)',
        ExpressionAttributeValues: { ':pk': donorPartition(donorId), ':wb': 'WB#' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    ),
    getDonor(db, donorId),
  ]);
  const last = Items[0];
  return last ? { collectedOn: String(last.collectedOn), sex: donor?.sex } : undefined;
}

/** Donations in a queue (awaiting screening, open follow-ups), oldest first, paged by the caller's start key. */
export async function listDonationsIn(db: Db, queue: 'awaiting' | 'follow-up', startKey?: Record<string, unknown>, limit = 25) {
  const page = await db.doc.send(
    new QueryCommand({ TableName: db.tables.bloodbank, IndexName: 'byStatus', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': donationQueue(queue) }, ExclusiveStartKey: startKey, Limit: limit }),
  );
  return { items: (page.Items ?? []).map((item) => withoutKeys<Donation>(item)), next: page.LastEvaluatedKey };
}
