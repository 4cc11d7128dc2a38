/**
 * Lots: reads (each list a Query on a sparse index) and the staged writes that change a lot
 * together with the stock aggregate. Status changes put the whole lot at the version read; issuing
 * subtracts units with ADD and a condition, so concurrent issues never conflict with each other
 * but can never take a lot below zero.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { isConditionFailure } from '../../platform/db/errors';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { ConflictError } from '../../platform/http/errors';
import { bagClaimKey, fefoPartition, lotItem, lotKey, lotStatusPartition, RESERVED, SHELF, withoutKeys } from '../keys';
import type { BloodGroup, Component, Lot, LotStatus } from '../types';
import type { StockChange, StockChanges } from './aggregate';

const countOf = (status: LotStatus): keyof StockChange | undefined => (status === 'available' || status === 'quarantined' || status === 'reserved' ? status : undefined);

export async function getLot(db: Db, id: string): Promise<Lot | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.bloodbank, Key: lotKey(id), ConsistentRead: true }));
  return Item ? withoutKeys<Lot>(Item) : undefined;
}

/** A new lot with its unique bag number, counted in stock and in the day's collections. */
export function stageNewLot(work: UnitOfWork, lot: Lot, stock: StockChanges): void {
  const table = work.db.tables.bloodbank;
  work.stage({ Put: { TableName: table, Item: lotItem(lot), ConditionExpression: 'attribute_not_exists(pk)' } });
  work.stage(
    { Put: { TableName: table, Item: { ...bagClaimKey(lot.bagNumber), lotId: lot.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
    () => new ConflictError(`Bag number ${lot.bagNumber} is already on another lot.`, { bagNumber: `Bag number ${lot.bagNumber} is already on another lot.` }),
  );
  const count = countOf(lot.status);
  if (count) stock.add(lot.group, lot.component, { [count]: lot.units });
  stock.flow(lot.collectedOn, { collected: lot.units });
}

/**
 * Moves a lot to another status (with its reason, reservation, ...) at the version read, and its
 * units from one stock count to the other in the same transaction.
 */
export function stageLotTransition(work: UnitOfWork, before: Lot, after: Lot, stock: StockChanges): void {
  work.stage(
    {
      Put: {
        TableName: work.db.tables.bloodbank,
        Item: lotItem({ ...after, version: before.version + 1 }),
        ConditionExpression: '#version = :version AND #status = :status',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': before.version, ':status': before.status },
      },
    },
    () => new ConflictError(`Lot ${before.bagNumber} was changed a moment ago. Reload the page to see it now.`),
  );
  const from = countOf(before.status);
  const to = countOf(after.status);
  if (from === to && before.units === after.units) return;
  const change: StockChange = {};
  if (from) change[from] = -before.units;
  if (to) change[to] = (change[to] ?? 0) + after.units;
  stock.add(before.group, before.component, change);
}

/**
 * Takes `units` from an available lot (or one reserved for `requestId`): ADD with the condition
 * that the lot still holds that many and has not changed status, and the same on the aggregate.
 */
export function stageLotIssue(work: UnitOfWork, lot: Lot, units: number, requestId: string, stock: StockChanges): void {
  const reserved = lot.status === 'reserved';
  const message = `Lot ${lot.bagNumber} no longer has ${units} unit${units === 1 ? '' : 's'} to issue: someone issued from it a moment ago. Reload the page and choose again.`;
  work.stage(
    {
      Update: {
        TableName: work.db.tables.bloodbank,
        Key: lotKey(lot.id),
        UpdateExpression: 'ADD units :minus, version :one',
        ConditionExpression: `#status = :status AND units >= :n${reserved ? ' AND reservedFor = :request' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':minus': -units, ':one': 1, ':n': units, ':status': lot.status, ...(reserved ? { ':request': requestId } : {}) },
      },
    },
    () => new ConflictError(message, { form: message }),
  );
  stock.add(lot.group, lot.component, { [reserved ? 'reserved' : 'available']: -units });
}

/** After an issue: a lot it emptied leaves the shelf (status issued). Harmless to repeat; readers skip empty lots meanwhile. */
export async function settleEmptiedLot(db: Db, lotId: string): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.bloodbank,
        Key: lotKey(lotId),
        UpdateExpression: 'SET #status = :issued, gsi4pk = :partition REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi6pk, gsi6sk, reservedFor, releaseBy ADD version :one',
        ConditionExpression: 'units = :zero AND #status IN (:available, :reserved)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':issued': 'issued', ':partition': lotStatusPartition('issued'), ':one': 1, ':zero': 0, ':available': 'available', ':reserved': 'reserved' },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Available lots of one group and component, first expiry first (empty lots skipped). */
export async function listAvailableLots(db: Db, group: BloodGroup, component: Component, limit = 20): Promise<Lot[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.bloodbank,
      IndexName: 'availableFefo',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: 'units > :zero',
      ExpressionAttributeValues: { ':pk': fefoPartition(group, component), ':zero': 0 },
      Limit: limit,
    }),
  );
  return Items.map((item) => withoutKeys<Lot>(item));
}

/** Lots on the shelf (quarantined, available, reserved) expiring on or before `lastDay`, soonest first. */
export async function listLotsExpiringBy(db: Db, lastDay: string, limit = 200): Promise<Lot[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({ TableName: db.tables.bloodbank, IndexName: 'shelfByExpiry', KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :after', ExpressionAttributeValues: { ':pk': SHELF, ':after': `${lastDay}#~` }, Limit: limit }),
  );
  return Items.map((item) => withoutKeys<Lot>(item));
}

/** Reserved lots whose release deadline (ISO instant) has passed. */
export async function listReservationsDue(db: Db, now: string, limit = 100): Promise<Lot[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({ TableName: db.tables.bloodbank, IndexName: 'releaseDue', KeyConditionExpression: 'gsi6pk = :pk AND gsi6sk < :now', ExpressionAttributeValues: { ':pk': RESERVED, ':now': now }, Limit: limit }),
  );
  return Items.map((item) => withoutKeys<Lot>(item));
}

/** The lots list: one status, optionally one group (and component), by expiry; paged with a sealed cursor. */
export async function listLotsByStatus(db: Db, filter: { status: LotStatus; group?: BloodGroup; component?: Component }, cursor?: string) {
  const list = `lots:${filter.status}:${filter.group ?? ''}:${filter.component ?? ''}`;
  const prefix = filter.group ? `${filter.group}#${filter.component ? `${filter.component}#` : ''}` : undefined;
  const page = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.bloodbank,
      IndexName: 'byStatus',
      KeyConditionExpression: prefix ? 'gsi4pk = :pk AND begins_with(gsi4sk, :prefix)' : 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': lotStatusPartition(filter.status), ...(prefix ? { ':prefix': prefix } : {}) },
      ExclusiveStartKey: cursor ? db.cursors.open(cursor, list) : undefined,
      Limit: 25,
    }),
  );
  return { items: (page.Items ?? []).map((item) => withoutKeys<Lot>(item)), cursor: page.LastEvaluatedKey ? db.cursors.seal(page.LastEvaluatedKey, list) : undefined };
}

/** A donation's lots: one Query on byDonation. */
export async function listLotsOfDonation(db: Db, donationId: string): Promise<Lot[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({ TableName: db.tables.bloodbank, IndexName: 'byDonation', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': `DONATION#${donationId}` } }),
  );
  return Items.map((item) => withoutKeys<Lot>(item));
}
