/**
 * The audit table's items. Events are only ever added: each with a conditional put on its chain
 * position (pk CHAIN#<chain>, sk SEQ#<seq>), so two writers can never both take one place.
 */
import { randomInt } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import type { StartKey } from '../platform/db/cursor';
import { isConditionFailure } from '../platform/db/errors';
import { chainIdOf, GENESIS_HASH, hashOf, type AuditEvent, type AuditFacts } from './event';

/** Concurrent writers on one chain each retry on the next place; beyond this the write fails (and so the read). */
const MAX_APPEND_ATTEMPTS = 25;

const seqKey = (seq: number) => `SEQ#${String(seq).padStart(12, '0')}`;
const chainKey = (chainId: string) => `CHAIN#${chainId}`;
const timeKey = (event: AuditFacts) => `${event.ts}#${event.eventId}`;
/** A UTC day, yyyy-mm-dd. */
const dayKey = (day: string) => `DAY#${day}`;

/** The newest event of a chain (strongly consistent), or undefined for a chain not started. */
export async function chainHead(db: Db, chainId: string): Promise<AuditEvent | undefined> {
  const page = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.audit,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
      ExpressionAttributeValues: { ':pk': chainKey(chainId), ':seq': 'SEQ#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return page.Items?.[0] ? toEvent(page.Items[0]) : undefined;
}

/** Adds the event at the end of its chain: place = head + 1, prevHash = head's hash; a lost race retries. */
export async function appendEvent(db: Db, facts: AuditFacts): Promise<AuditEvent> {
  const chainId = chainIdOf(facts);
  for (let attempt = 1; ; attempt++) {
    const head = await chainHead(db, chainId);
    const unsealed = { ...facts, chainId, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS_HASH };
    const event: AuditEvent = { ...unsealed, hash: hashOf(unsealed) };
    try {
      await db.doc.send(new PutCommand({ TableName: db.tables.audit, Item: toItem(event), ConditionExpression: 'attribute_not_exists(pk)' }));
      return event;
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, randomInt(5, 20 + attempt * 5)));
    }
  }
}

function toItem(event: AuditEvent): Record<string, unknown> {
  return {
    pk: chainKey(event.chainId),
    sk: seqKey(event.seq),
    gsi1pk: `ACTOR#${event.actorUserId}`,
    gsi1sk: timeKey(event),
    gsi2pk: event.patientId ? `PATIENT#${event.patientId}` : undefined,
    gsi2sk: event.patientId ? timeKey(event) : undefined,
    gsi3pk: `ACTION#${event.action}`,
    gsi3sk: timeKey(event),
    // Sparse: only a chain's first event, so the daily check can list every chain by Query.
    gsi4pk: event.seq === 1 ? 'CHAINS' : undefined,
    gsi4sk: event.seq === 1 ? event.chainId : undefined,
    gsi5pk: dayKey(event.ts.slice(0, 10)),
    gsi5sk: timeKey(event),
    ...event,
  };
}

export function toEvent(item: Record<string, unknown>): AuditEvent {
  const { pk: _pk, sk: _sk, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, gsi4pk: _7, gsi4sk: _8, gsi5pk: _9, gsi5sk: _10, ...event } = item;
  return event as unknown as AuditEvent;
}

export type AuditFilter = { by: 'actor' | 'patient' | 'action'; value: string; from?: string; to?: string };

const FILTER_INDEX = {
  actor: { index: 'byActor', pk: 'gsi1pk', sk: 'gsi1sk', prefix: 'ACTOR#' },
  patient: { index: 'byPatient', pk: 'gsi2pk', sk: 'gsi2sk', prefix: 'PATIENT#' },
  action: { index: 'byAction', pk: 'gsi3pk', sk: 'gsi3sk', prefix: 'ACTION#' },
} as const;

/** One page of events, newest first, on the filter's index; `from`/`to` are ISO instants (to exclusive). */
export async function queryEvents(db: Db, filter: AuditFilter, limit: number, startKey?: StartKey) {
  const spec = FILTER_INDEX[filter.by];
  const page = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.audit,
      IndexName: spec.index,
      KeyConditionExpression: `${spec.pk} = :pk AND ${spec.sk} BETWEEN :from AND :to`,
      ExpressionAttributeValues: { ':pk': spec.prefix + filter.value, ':from': filter.from ?? '0', ':to': filter.to ?? '9' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { events: (page.Items ?? []).map(toEvent), next: page.LastEvaluatedKey };
}

/** A chain in order, a page at a time (for the daily check, which reads broadly). */
export async function chainPage(db: Db, chainId: string, startKey?: StartKey) {
  const page = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.audit,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': chainKey(chainId) },
      ConsistentRead: true,
      ExclusiveStartKey: startKey,
    }),
  );
  return { events: (page.Items ?? []).map(toEvent), next: page.LastEvaluatedKey };
}

/** A page of chain ids, from the sparse `chains` index. */
export async function chainIdsPage(db: Db, startKey?: StartKey) {
  const page = await db.doc.send(
    new QueryCommand({ TableName: db.tables.audit, IndexName: 'chains', KeyConditionExpression: 'gsi4pk = :c', ExpressionAttributeValues: { ':c': 'CHAINS' }, ExclusiveStartKey: startKey }),
  );
  return { chainIds: (page.Items ?? []).map((item) => String(item.gsi4sk)), next: page.LastEvaluatedKey };
}

/** One page of a UTC day's events, oldest first, between two ISO instants (for the archive and the admin log). */
export async function dayEventsPage(db: Db, day: string, range: { from?: string; to?: string; newestFirst?: boolean; limit?: number }, startKey?: StartKey) {
  const page = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.audit,
      IndexName: 'byDay',
      KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': dayKey(day), ':from': range.from ?? '0', ':to': range.to ?? '9' },
      ScanIndexForward: !range.newestFirst,
      Limit: range.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { events: (page.Items ?? []).map(toEvent), next: page.LastEvaluatedKey };
}

/** A page key that starts a day from its newest (or oldest) event. */
export const dayStartKey = (day: string): StartKey => ({ gsi5pk: dayKey(day) });

/** The day a page key of `dayEventsPage` belongs to. */
export const dayOfStartKey = (key: StartKey): string | undefined => (typeof key.gsi5pk === 'string' && key.gsi5pk.startsWith('DAY#') ? key.gsi5pk.slice(4) : undefined);

/** A chain's events from `fromSeq` to `toSeq` (both included), in order. */
export async function chainRange(db: Db, chainId: string, fromSeq: number, toSeq: number): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let startKey: StartKey | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tables.audit,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': chainKey(chainId), ':from': seqKey(fromSeq), ':to': seqKey(toSeq) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    events.push(...(page.Items ?? []).map(toEvent));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return events;
}
