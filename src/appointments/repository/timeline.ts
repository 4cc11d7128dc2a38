/**
 * A patient's visits for the health timeline and the vitals chart: Queries on byPatientVisits (both
 * partitions, active and ended, by start), newest first, between two sort-key bounds. Cancelled
 * visits are left out. Archived visits come back as their stand-ins (`archived`, no record).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { patientVisitsIndexKey } from '../keys';
import type { Appointment } from '../types';
import { toAppointment } from './items';

export interface VisitRange {
  /** Sort keys ("<start>#<id>") at or after this. */
  from: string;
  /** Sort keys strictly before this. */
  below: string;
  limit: number;
  /** Only completed visits (the vitals chart). */
  completedOnly?: boolean;
}

async function readPartition(db: Db, key: string, range: VisitRange): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tables.appointments,
        IndexName: 'byPatientVisits',
        KeyConditionExpression: 'gsi6pk = :key AND gsi6sk BETWEEN :from AND :below',
        FilterExpression: range.completedOnly ? '#status = :completed' : '#status <> :cancelled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':key': key, ':from': range.from, ':below': range.below, ...(range.completedOnly ? { ':completed': 'completed' } : { ':cancelled': 'cancelled' }) },
        ScanIndexForward: false,
        Limit: range.limit - items.length,
        ExclusiveStartKey,
      }),
    );
    // BETWEEN includes its upper end; the range excludes it.
    items.push(...(page.Items ?? []).filter((item) => String(item.gsi6sk) < range.below));
    ExclusiveStartKey = items.length < range.limit ? page.LastEvaluatedKey : undefined;
  } while (ExclusiveStartKey);
  return items;
}

/** Up to `limit` of the patient's visits (live or stand-ins) inside the range, newest first. */
export async function listPatientVisitsBetween(db: Db, patientId: string, range: VisitRange): Promise<Appointment[]> {
  if (range.from >= range.below) return [];
  const read = await Promise.all([true, false].map((active) => readPartition(db, patientVisitsIndexKey(patientId, active), range)));
  return read
    .flat()
    .sort((a, b) => (String(a.gsi6sk) < String(b.gsi6sk) ? 1 : -1))
    .slice(0, range.limit)
    .map(toAppointment);
}
