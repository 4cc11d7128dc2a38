/**
 * The admin log by dates alone: each UTC day of the range is a Query on the `byDay` index, newest
 * day first, so a page may read a few days. A page key names its day; a key with only the day
 * (no event) starts that day from its newest event.
 */
import type { Db } from '../platform/db/client';
import { BadCursorError, type StartKey } from '../platform/db/cursor';
import type { AuditEvent } from './event';
import { dayEventsPage, dayOfStartKey, dayStartKey } from './repository';

const DAY_MS = 86_400_000;

/** The UTC days an instant range [from, to) touches, newest first. */
export function utcDaysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const last = new Date(new Date(to).getTime() - 1);
  for (let day = new Date(`${from.slice(0, 10)}T00:00:00Z`); day <= last; day = new Date(day.getTime() + DAY_MS)) {
    days.push(day.toISOString().slice(0, 10));
  }
  return days.reverse();
}

/** One page of the events between two ISO instants (`to` exclusive), newest first. */
export async function queryEventsByDates(db: Db, range: { from: string; to: string }, limit: number, startKey?: StartKey): Promise<{ events: AuditEvent[]; next?: StartKey }> {
  const days = utcDaysOf(range.from, range.to);
  let index = startKey ? days.indexOf(dayOfStartKey(startKey) ?? '') : 0;
  if (index < 0) throw new BadCursorError();
  let key = startKey && 'pk' in startKey ? startKey : undefined;
  const events: AuditEvent[] = [];
  for (; index < days.length; index++) {
    const page = await dayEventsPage(db, days[index], { from: range.from, to: range.to, newestFirst: true, limit: limit - events.length }, key);
    events.push(...page.events);
    key = undefined;
    if (page.next) return { events, next: page.next };
    if (events.length >= limit) return { events, next: index + 1 < days.length ? dayStartKey(days[index + 1]) : undefined };
  }
  return { events };
}
