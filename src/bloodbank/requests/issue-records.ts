/**
 * Which bags went to which request, and so to which patient: one record per lot per issue, written
 * in the issue's own transaction (traceability: a recall or a transfusion reaction starts from a bag
 * or from a patient). Stored under the request (pk REQUEST#…, sk ISSUE#<when>#<lot>) and, through
 * the overloaded `byDonation` index (gsi3pk ISSUED#<lot>), findable from the lot.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { requestKey, withoutKeys } from '../keys';
import type { BloodGroup, Component, Lot } from '../types';

export interface IssueRecord {
  requestId: string;
  lotId: string;
  bagNumber: string;
  group: BloodGroup;
  component: Component;
  units: number;
  issuedAt: string;
  /** The officer's user id ('seed' for the demo). */
  issuedBy: string;
}

/** At most 20 lots go out for one request at a time (the fill page offers no more). */
const SHOWN = 50;

export function stageIssueRecord(work: UnitOfWork, lot: Lot, record: Pick<IssueRecord, 'requestId' | 'units' | 'issuedAt' | 'issuedBy'>): void {
  const item: IssueRecord = { ...record, lotId: lot.id, bagNumber: lot.bagNumber, group: lot.group, component: lot.component };
  const key = { pk: requestKey(record.requestId).pk, sk: `ISSUE#${record.issuedAt}#${lot.id}` };
  work.stage({ Put: { TableName: work.db.tables.bloodbank, Item: { ...key, ...item, gsi3pk: `ISSUED#${lot.id}`, gsi3sk: `${record.issuedAt}#${record.requestId}` } } });
}

/** What a request has received, in the order it went out. */
export async function listIssuesOfRequest(db: Db, requestId: string): Promise<IssueRecord[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.bloodbank,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :issue)',
      ExpressionAttributeValues: { ':pk': requestKey(requestId).pk, ':issue': 'ISSUE#' },
      Limit: SHOWN,
    }),
  );
  return Items.map((item) => withoutKeys<IssueRecord>(item));
}

/** Where a lot's units went. */
export async function listIssuesOfLot(db: Db, lotId: string): Promise<IssueRecord[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({ TableName: db.tables.bloodbank, IndexName: 'byDonation', KeyConditionExpression: 'gsi3pk = :lot', ExpressionAttributeValues: { ':lot': `ISSUED#${lotId}` }, Limit: SHOWN }),
  );
  return Items.map((item) => withoutKeys<IssueRecord>(item));
}
