/**
 * What the archiver (src/archive) asks of appointment items. It reads a day's stored visits as
 * DynamoDB holds them (typed JSON, so a copy hashes the same on every run) and, once a verified
 * copy is in S3, replaces each visit with its stand-in: no medical details, only what a list shows
 * and where the full record is. The stand-in keeps the visit's index keys, so the patient's
 * history, the doctor's day, the department and the admin's day list archived visits with the others.
 */
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { ifConditionFails } from '../../platform/db/errors';
import { JOB_RETRY, withRetry, type RetryPolicy } from '../../platform/db/retry';
import { appointmentIndexAttributes, appointmentKey, archivedKey, dayIndexKey } from '../keys';
import type { Appointment, Rating } from '../types';
import { freeLocks, lockKeysOf } from './locks';

export type StoredItem = Record<string, AttributeValue>;

export interface ArchivePointer {
  id: string;
  patientId: string;
  doctorId: string;
  status: Appointment['status'];
  version: number;
  /** The S3 key of the part that holds this version. */
  archivedPart: string;
  /** Given before or after archiving: a patient may still rate a completed visit once it is in S3. */
  rating?: Rating;
}

function standInItem(appointment: Appointment, archivedPart: string, archivedAt: string) {
  const { id, patientId, doctorId, specialty, hospitalId, start, end, localDate, status, version, rating } = appointment;
  return {
    ...archivedKey(id),
    // A finished visit has no reminder key: these are the patient, doctor-day, department and day indexes.
    ...appointmentIndexAttributes(appointment),
    ...{ id, patientId, doctorId, specialty, hospitalId, start, end, localDate, status, version },
    ...(rating ? { rating } : {}),
    archivedPart,
    archivedAt,
  };
}

/** The visits (not stand-ins) of a local date that started by `until`, as stored, in time order. */
export async function listStoredVisitsOnDay(db: Db, day: string, until: string): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let ExclusiveStartKey: StoredItem | undefined;
  do {
    const query = new QueryCommand({
      TableName: db.tables.appointments,
      IndexName: 'byDay',
      KeyConditionExpression: 'gsi3pk = :day AND gsi3sk <= :until',
      // '~' sorts after every id, so a visit starting exactly at `until` is read.
      ExpressionAttributeValues: { ':day': { S: dayIndexKey(day) }, ':until': { S: `${until}#~` } },
      ExclusiveStartKey,
    });
    const page = await withRetry(() => db.client.send(query), JOB_RETRY);
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  // The day index also holds the stand-ins of visits archived before.
  return items.filter((item) => !item.archivedPart);
}

/**
 * In one transaction: deletes the appointment (only if it is still the copy that was archived)
 * and its lock items, and puts its stand-in pointing at `archivedPart`. False when the visit is no
 * longer that copy (edited after it, or already gone): it stays, for a later run.
 */
export async function replaceWithStandIn(db: Db, archived: Appointment, archivedPart: string, retry: RetryPolicy = JOB_RETRY): Promise<boolean> {
  const TableName = db.tables.appointments;
  // A rating is the one change that keeps the version (see ratings/), so its presence is checked too.
  const rated = archived.rating ? 'attribute_exists(rating)' : 'attribute_not_exists(rating)';
  const items = [
    {
      Delete: {
        TableName,
        Key: appointmentKey(archived.id),
        ConditionExpression: `version = :version AND #status = :status AND ${rated}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':version': archived.version, ':status': archived.status },
      },
    },
    // A cancelled visit freed its locks when it was cancelled (another visit may hold them now).
    ...(archived.status === 'cancelled' ? [] : freeLocks(db, lockKeysOf(archived), archived.id, true)),
    { Put: { TableName, Item: standInItem(archived, archivedPart, new Date().toISOString()) } },
  ];
  const transaction = new TransactWriteCommand({ TransactItems: items });
  return ifConditionFails(() => withRetry(() => db.doc.send(transaction), retry).then(() => true), false);
}

/** The stand-in of an archived visit, if `id` was archived. */
export async function getArchivePointer(db: Db, id: string): Promise<ArchivePointer | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: archivedKey(id), ConsistentRead: true }));
  return result.Item as ArchivePointer | undefined;
}
