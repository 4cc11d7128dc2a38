/**
 * Waitlist entries, on the appointments table: open ones sit in a sparse partition of the
 * byDoctorDay index (oldest first), and every entry in a per-patient partition of the byDay index.
 */
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { ifConditionFails } from '../../platform/db/errors';
import { queryCount } from '../../platform/db/query';
import { OPEN_WAITLIST_INDEX_KEY, patientWaitlistIndexKey, waitlistEntryKey } from '../keys';

export interface WaitlistEntry {
  id: string;
  patientId: string;
  specialty?: string;
  doctorId?: string;
  from: string;
  to: string;
  reason: string;
  status: 'open' | 'assigned' | 'expired' | 'withdrawn';
  appointmentId?: string;
  createdAt: string;
}

function toEntry(item: Record<string, unknown>): WaitlistEntry {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi3pk: _c, gsi3sk: _d, ...entry } = item;
  return entry as unknown as WaitlistEntry;
}

/** A patient's entries, newest first. */
export async function listWaitlistForPatient(db: Db, patientId: string): Promise<WaitlistEntry[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.appointments,
      IndexName: 'byDay',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': patientWaitlistIndexKey(patientId) },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return (result.Items ?? []).map(toEntry);
}

/** The oldest open entries, up to `limit`. */
export async function listOpenEntries(db: Db, limit: number): Promise<WaitlistEntry[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.appointments,
      IndexName: 'byDoctorDay',
      KeyConditionExpression: 'gsi1pk = :open',
      ExpressionAttributeValues: { ':open': OPEN_WAITLIST_INDEX_KEY },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map(toEntry);
}

export async function insertEntry(db: Db, entry: WaitlistEntry): Promise<void> {
  const sortKey = `${entry.createdAt}#${entry.id}`;
  await db.doc.send(
    new PutCommand({
      TableName: db.tables.appointments,
      Item: { ...waitlistEntryKey(entry.id), gsi1pk: OPEN_WAITLIST_INDEX_KEY, gsi1sk: sortKey, gsi3pk: patientWaitlistIndexKey(entry.patientId), gsi3sk: sortKey, ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Closes an open entry (it leaves the sparse open index); false when it was no longer open. */
export function closeEntry(db: Db, entry: WaitlistEntry, status: WaitlistEntry['status'], appointmentId?: string): Promise<boolean> {
  const close = new UpdateCommand({
    TableName: db.tables.appointments,
    Key: waitlistEntryKey(entry.id),
    UpdateExpression: `SET #status = :status${appointmentId ? ', appointmentId = :appointment' : ''} REMOVE gsi1pk, gsi1sk`,
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': status, ':open': 'open', ...(appointmentId ? { ':appointment': appointmentId } : {}) },
  });
  return ifConditionFails(() => db.doc.send(close).then(() => true), false);
}

/** How many entries are open right now (the analytics job's daily snapshot); counts, reads no entry. */
export async function countOpenWaitlistEntries(db: Db): Promise<number> {
  const input = { TableName: db.tables.appointments, IndexName: 'byDoctorDay', KeyConditionExpression: 'gsi1pk = :open', ExpressionAttributeValues: { ':open': OPEN_WAITLIST_INDEX_KEY } };
  return (await queryCount(db, input)).count;
}
