/**
 * The analytics job (hourly, under the jobs' lease): computes each day's aggregate from that day's
 * appointments and puts it whole, then rebuilds the weeks it touched from their days. Today and
 * yesterday are recomputed every run (visits are still being marked); older days are computed once,
 * when missing (a new install, or runs missed while the app was down), up to CATCH_UP_DAYS back.
 */
import { DateTime } from 'luxon';
import { countOpenWaitlistEntries, listAppointmentsOnDay } from '../appointments';
import type { Deps } from '../deps';
import { aggregateDay, mergeAggregates, type Aggregate } from './aggregate';
import { listAggregates, listComputedDays, putAggregate } from './repository';
import { weekStartOf } from './range';

/** Enough for the longest range a page shows (366 days) and the weeks around it. */
export const CATCH_UP_DAYS = 380;
const PARALLEL_DAYS = 8;

export type AnalyticsDeps = Pick<Deps, 'db' | 'config'>;

export interface AnalyticsRun {
  days: number;
  weeks: number;
  waitlistOpen: number;
}

/** Computes the days due (see above) as of `now`; rerunning it changes nothing but the latest numbers. */
export async function refreshAnalytics(deps: AnalyticsDeps, now = new Date()): Promise<AnalyticsRun> {
  const today = DateTime.fromJSDate(now, { zone: deps.config.timeZone }).startOf('day');
  const todayDate = today.toISODate()!;
  const yesterday = today.minus({ days: 1 });
  const oldest = today.minus({ days: CATCH_UP_DAYS });
  const [computed, waitlistOpen] = await Promise.all([listComputedDays(deps.db, oldest.toISODate()!, todayDate), countOpenWaitlistEntries(deps.db)]);
  const due: string[] = [];
  for (let day = oldest; day < yesterday; day = day.plus({ days: 1 })) {
    if (!computed.has(day.toISODate()!)) due.push(day.toISODate()!);
  }
  due.push(yesterday.toISODate()!, todayDate);
  await computeDays(deps, due, (date) => (date === todayDate ? waitlistOpen : snapshotOf(computed.get(date))), now.toISOString());
  const weeks = [...new Set(due.map(weekStartOf))];
  await inBatches(weeks, (week) => rebuildWeek(deps, week, now.toISOString()));
  return { days: due.length, weeks: weeks.length, waitlistOpen };
}

/** A day keeps the snapshot taken at the last run during it; days caught up later have none. */
const snapshotOf = (waitlist: { days: number; sum: number } | undefined) => (waitlist?.days ? waitlist.sum : undefined);

/** Computes and stores these days as of now (also for the demo seed and tests). */
export async function computeDays(deps: AnalyticsDeps, dates: string[], waitlistOf: (date: string) => number | undefined, computedAt: string): Promise<void> {
  await inBatches(dates, async (date) => {
    const visits = await listAppointmentsOnDay(deps.db, date);
    await putAggregate(deps.db, 'day', aggregateDay(date, visits, waitlistOf(date)), computedAt);
  });
}

/** For the bench: days already aggregated, stored with their weeks as the job leaves them. */
export async function storeDays(deps: AnalyticsDeps, days: Aggregate[], computedAt = new Date().toISOString()): Promise<void> {
  await inBatches(days, (day) => putAggregate(deps.db, 'day', day, computedAt));
  await inBatches([...new Set(days.map((day) => weekStartOf(day.start)))], (week) => rebuildWeek(deps, week, computedAt));
}

/** The week's item: the merge of its days' items (at most seven read). */
export async function rebuildWeek(deps: AnalyticsDeps, monday: string, computedAt: string): Promise<void> {
  const sunday = DateTime.fromISO(monday).plus({ days: 6 }).toISODate()!;
  const days = await listAggregates(deps.db, 'day', monday, sunday);
  await putAggregate(deps.db, 'week', mergeAggregates(monday, days), computedAt);
}

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL_DAYS) await Promise.all(items.slice(i, i + PARALLEL_DAYS).map(work));
}
