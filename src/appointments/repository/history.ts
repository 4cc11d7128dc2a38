/**
 * A patient's visits as they read them: upcoming (active and not yet ended) and past (everything
 * else, newest first). Both are Queries on byPatientVisits, which keeps active and ended visits in
 * two partitions by start, and both are paged with sealed cursors (platform/db/cursor.ts).
 *
 * A visit nobody marked done stays active after its end: past reads the ended partition and the
 * active one before now, and merges the two by start, so such a visit is past, not lost.
 */
import { DateTime } from 'luxon';
import type { Db } from '../../platform/db/client';
import { queryAll } from '../../platform/db/query';
import { patientVisitsIndexKey } from '../keys';
import type { Appointment } from '../types';
import { toAppointment } from './items';

export interface VisitPage {
  items: Appointment[];
  /** Sealed; absent on the last page. */
  cursor?: string;
}

/** No visit lasts a day: an active visit that started longer ago than this has ended. */
const LONGEST_VISIT_HOURS = 24;

interface Stream {
  key: string;
  /** Sort keys strictly after (ascending) or before (descending) this one. */
  bound: string;
  descending: boolean;
  /** Keeps the items of the range that belong to the list (a filter on one short stretch of it). */
  where?: { expression: string; now: string };
}

/** Up to `limit` items of one partition of the index, in order from the bound. */
function readStream(db: Db, stream: Stream, limit: number): Promise<Record<string, unknown>[]> {
  const input = {
    TableName: db.tables.appointments,
    IndexName: 'byPatientVisits',
    KeyConditionExpression: `gsi6pk = :key AND gsi6sk ${stream.descending ? '<' : '>'} :bound`,
    ...(stream.where ? { FilterExpression: stream.where.expression, ExpressionAttributeNames: { '#end': 'end' } } : {}),
    ExpressionAttributeValues: { ':key': stream.key, ':bound': stream.bound, ...(stream.where ? { ':now': stream.where.now } : {}) },
    ScanIndexForward: !stream.descending,
    Limit: limit,
  };
  return queryAll(db, input, limit);
}

/** One page of the merged streams: `limit` items and, when more follow, a cursor after the last. */
async function readPage(db: Db, list: string, streams: Stream[], limit: number): Promise<VisitPage> {
  const read = await Promise.all(streams.map((stream) => readStream(db, stream, limit + 1)));
  const descending = streams[0].descending;
  const merged = read.flat().sort((a, b) => (String(a.gsi6sk) < String(b.gsi6sk) ? -1 : 1) * (descending ? -1 : 1));
  const items = merged.slice(0, limit);
  const more = merged.length > limit;
  return { items: items.map(toAppointment), cursor: more ? db.cursors.seal({ after: items[limit - 1].gsi6sk }, list) : undefined };
}

const boundFrom = (db: Db, cursor: string | undefined, list: string): string | undefined => {
  if (!cursor) return undefined;
  const { after } = db.cursors.open(cursor, list);
  return typeof after === 'string' ? after : undefined;
};

/** The patient's active visits that have not ended by `now`, soonest first. */
export function listUpcomingVisitsForPatient(db: Db, patientId: string, now: string, page: { cursor?: string; limit?: number } = {}): Promise<VisitPage> {
  const list = `appointments/upcoming/${patientId}`;
  const earliest = DateTime.fromISO(now).minus({ hours: LONGEST_VISIT_HOURS }).toUTC().toISO()!;
  const stream: Stream = {
    key: patientVisitsIndexKey(patientId, true),
    bound: boundFrom(db, page.cursor, list) ?? earliest,
    descending: false,
    where: { expression: '#end > :now', now },
  };
  return readPage(db, list, [stream], page.limit ?? 20);
}

/** The patient's ended visits and the active ones over by `now` (nobody marked them), newest first. */
export function listPastVisitsForPatient(db: Db, patientId: string, now: string, page: { cursor?: string; limit?: number } = {}): Promise<VisitPage> {
  const list = `appointments/past/${patientId}`;
  const before = boundFrom(db, page.cursor, list);
  // '~' sorts after every "<start>#<id>" sort key.
  const ended: Stream = { key: patientVisitsIndexKey(patientId, false), bound: before ?? '~', descending: true };
  const stillActive: Stream = {
    key: patientVisitsIndexKey(patientId, true),
    bound: before && before < `${now}#~` ? before : `${now}#~`,
    descending: true,
    where: { expression: '#end <= :now', now },
  };
  return readPage(db, list, [ended, stillActive], page.limit ?? 20);
}
