/**
 * Aggregate items in the analytics table: one per local day (pk DAY, sk the date) and one per week
 * (pk WEEK, sk its Monday). Only the analytics job writes them; a put replaces the period whole,
 * so a rerun of the same day gives the same item.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { queryAll } from '../platform/db/query';
import type { Aggregate } from './aggregate';

export type Period = 'day' | 'week';

const partitionOf = (period: Period) => (period === 'day' ? 'DAY' : 'WEEK');
const periodKey = (period: Period, start: string) => ({ pk: partitionOf(period), sk: start });

export interface StoredAggregate extends Aggregate {
  computedAt: string;
}

function toAggregate(item: Record<string, unknown>): StoredAggregate {
  const { pk: _pk, sk: _sk, ...aggregate } = item;
  return aggregate as unknown as StoredAggregate;
}

/** Replaces the period's item with these numbers. */
export async function putAggregate(db: Db, period: Period, aggregate: Aggregate, computedAt: string): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tables.analytics, Item: { ...periodKey(period, aggregate.start), ...aggregate, computedAt } }));
}

/** The periods starting from `from` to `to` (local dates, both included), oldest first. */
export async function listAggregates(db: Db, period: Period, from: string, to: string): Promise<StoredAggregate[]> {
  const items = await queryAll(db, {
    TableName: db.tables.analytics,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': partitionOf(period), ':from': from, ':to': to },
  });
  return items.map(toAggregate);
}

/** For the job: which days from `from` to `to` have an item, with their waitlist snapshot (no maps read). */
export async function listComputedDays(db: Db, from: string, to: string): Promise<Map<string, Aggregate['waitlist']>> {
  const items = await queryAll(db, {
    TableName: db.tables.analytics,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': partitionOf('day'), ':from': from, ':to': to },
    ProjectionExpression: 'sk, waitlist',
  });
  return new Map(items.map((item) => [String(item.sk), item.waitlist as Aggregate['waitlist']]));
}
