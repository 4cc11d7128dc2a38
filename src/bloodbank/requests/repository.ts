/** Blood requests in the bloodbank table. */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { isConditionFailure } from '../../platform/db/errors';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { ConflictError } from '../../platform/http/errors';
import { requestItem, requestKey, requestStatusPartition, withoutKeys } from '../keys';
import type { BloodRequest, RequestStatus } from '../types';

type Stored = BloodRequest & { reservedLotIds?: Set<string> };
const toRequest = (item: Record<string, unknown>): BloodRequest & { reservedLotIds: string[] } => {
  const stored = withoutKeys<Stored>(item);
  return { ...stored, reservedLotIds: [...(stored.reservedLotIds ?? [])] };
};

export async function getRequest(db: Db, id: string) {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.bloodbank, Key: requestKey(id), ConsistentRead: true }));
  return Item ? toRequest(Item) : undefined;
}

export function stageNewRequest(work: UnitOfWork, request: BloodRequest): void {
  work.stage({ Put: { TableName: work.db.tables.bloodbank, Item: requestItem(request), ConditionExpression: 'attribute_not_exists(pk)' } });
}

/** Takes `units` off what an open request still needs; refused when it needs fewer by now. */
export function stageRequestTake(work: UnitOfWork, request: BloodRequest, units: number): void {
  const message = `This request needs fewer units than that now (another officer issued for it a moment ago). Reload the page to see what it still needs.`;
  work.stage(
    {
      Update: {
        TableName: work.db.tables.bloodbank,
        Key: requestKey(request.id),
        UpdateExpression: 'ADD remaining :minus, version :one',
        ConditionExpression: '#status = :open AND remaining >= :n',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':minus': -units, ':one': 1, ':n': units, ':open': 'open' },
      },
    },
    () => new ConflictError(message, { form: message }),
  );
}

/** Adds or removes lots from a request's reserved set, while it is open. */
export function stageReservedLots(work: UnitOfWork, requestId: string, lotIds: string[], change: 'ADD' | 'DELETE'): void {
  if (!lotIds.length) return;
  work.stage(
    {
      Update: {
        TableName: work.db.tables.bloodbank,
        Key: requestKey(requestId),
        UpdateExpression: `${change} reservedLotIds :lots`,
        ...(change === 'ADD' ? { ConditionExpression: '#status = :open', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':lots': new Set(lotIds), ':open': 'open' } } : { ExpressionAttributeValues: { ':lots': new Set(lotIds) } }),
      },
    },
    () => new ConflictError('This request is no longer open.'),
  );
}

/** Cancels an open request at the version read. */
export function stageRequestStatus(work: UnitOfWork, request: BloodRequest & { reservedLotIds?: string[] }, status: RequestStatus): void {
  const { reservedLotIds = [], ...rest } = request;
  work.stage(
    {
      Put: {
        TableName: work.db.tables.bloodbank,
        Item: { ...requestItem({ ...rest, status, version: request.version + 1 }), ...(reservedLotIds.length ? { reservedLotIds: new Set(reservedLotIds) } : {}) },
        ConditionExpression: '#version = :version AND #status = :open',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': request.version, ':open': 'open' },
      },
    },
    () => new ConflictError('This request was changed a moment ago. Reload the page to see it now.'),
  );
}

/** After an issue: a request with nothing left to issue is fulfilled. Harmless to repeat. */
export async function settleRequest(db: Db, request: BloodRequest): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.bloodbank,
        Key: requestKey(request.id),
        UpdateExpression: 'SET #status = :done, gsi4pk = :partition, gsi4sk = :sk',
        ConditionExpression: 'remaining = :zero AND #status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'fulfilled', ':partition': requestStatusPartition('fulfilled'), ':sk': `${request.createdAt}#${request.id}`, ':zero': 0, ':open': 'open' },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Requests in one status: open ones most urgent first, others newest first; paged. */
export async function listRequests(db: Db, status: RequestStatus, cursor?: string) {
  const list = `requests:${status}`;
  const page = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.bloodbank,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': requestStatusPartition(status) },
      ScanIndexForward: status === 'open',
      ExclusiveStartKey: cursor ? db.cursors.open(cursor, list) : undefined,
      Limit: 25,
    }),
  );
  return { items: (page.Items ?? []).map(toRequest), cursor: page.LastEvaluatedKey ? db.cursors.seal(page.LastEvaluatedKey, list) : undefined };
}
