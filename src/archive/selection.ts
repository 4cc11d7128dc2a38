/**
 * Finding work without a Scan: one Query per local date on the byDay index, over the look-back
 * window that ends on the cut-off's date. A visit is due once it is finished and ended before the
 * cut-off (now minus the configured age).
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DateTime } from 'luxon';
import { dayIndexKey } from '../appointments';
import type { Item } from '../backups';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { JOB_RETRY, withRetry } from '../platform/db/retry';

export const FINISHED = new Set(['completed', 'cancelled', 'no-show']);

export interface Window {
  /** UTC ISO instant: visits that ended at or before it are due. */
  cutoff: string;
  /** Local dates, oldest first. */
  days: string[];
}

export function archiveWindow(now: Date, settings: Config['archive'], timeZone: string): Window {
  const cutoff = DateTime.fromJSDate(now).toUTC().minus({ days: settings.afterDays });
  const last = cutoff.setZone(timeZone).startOf('day');
  const days = Array.from({ length: settings.lookbackDays }, (_, i) => last.minus({ days: settings.lookbackDays - 1 - i }).toISODate()!);
  return { cutoff: cutoff.toISO()!, days };
}

/** The finished visits of a local date that ended by the cut-off, as stored (typed items), in time order. */
export async function dueVisitsOn(db: Db, day: string, cutoff: string): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const query = new QueryCommand({
      TableName: db.tables.appointments,
      IndexName: 'byDay',
      KeyConditionExpression: 'gsi3pk = :day AND gsi3sk <= :until',
      // '~' sorts after every id, so a visit starting exactly at the cut-off is read (and then left: it has not ended).
      ExpressionAttributeValues: { ':day': { S: dayIndexKey(day) }, ':until': { S: `${cutoff}#~` } },
      ExclusiveStartKey,
    });
    const page = await withRetry(() => db.client.send(query), JOB_RETRY);
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const isVisit = (item: Item) => !item.archivedPart; // the day index also holds the stand-ins of archived visits
  return items.filter((item) => isVisit(item) && FINISHED.has(item.status?.S ?? '') && (item.end?.S ?? '~') <= cutoff);
}
