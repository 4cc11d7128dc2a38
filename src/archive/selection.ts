/**
 * Finding work without a Scan: one Query per local date on the byDay index, over the look-back
 * window that ends on the cut-off's date. A visit is due once it is finished and ended before the
 * cut-off (now minus the configured age).
 */
import { DateTime } from 'luxon';
import { listStoredVisitsOnDay } from '../appointments';
import type { Item } from '../backups';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';

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
  // Read up to visits starting at the cut-off; one starting exactly then has not ended, and is left.
  const items = await listStoredVisitsOnDay(db, day, cutoff);
  return items.filter((item) => FINISHED.has(item.status?.S ?? '') && (item.end?.S ?? '~') <= cutoff);
}
