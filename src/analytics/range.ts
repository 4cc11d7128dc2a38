/**
 * The date range every analytics page takes (?from=&to=, local dates, both included): by default
 * the last 30 days to today. Up to DAY_ITEMS_MAX days are read day by day; longer ranges (up to
 * MAX_DAYS) are widened to whole weeks, Monday to Sunday, and read week by week, so a page reads at
 * most 60 items whatever the range.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Period } from './repository';

export const DEFAULT_DAYS = 30;
export const DAY_ITEMS_MAX = 60;
export const MAX_DAYS = 366;

const blankIsNone = (value: unknown) => (value === '' ? undefined : value);
const optionalDate = z.preprocess(blankIsNone, z.iso.date('Enter a date like 2026-03-31').optional());

/** The range form's fields, checked against today (the hospital's): 422 messages per field. */
export function rangeSchema(today: string) {
  return z
    .object({
      from: optionalDate,
      to: optionalDate,
      format: z.preprocess(blankIsNone, z.enum(['csv'], 'Choose a format from the list').optional()),
      table: z.preprocess(blankIsNone, z.string().regex(/^[a-z-]{1,40}$/, 'Choose a table from the page').optional()),
    })
    .transform((input) => {
      const to = input.to ?? today;
      return { from: input.from ?? addDays(to, 1 - DEFAULT_DAYS), to, format: input.format, table: input.table };
    })
    .superRefine((range, context) => {
      if (range.to > today) context.addIssue({ code: 'custom', path: ['to'], message: 'The end date cannot be after today' });
      else if (range.from > range.to) context.addIssue({ code: 'custom', path: ['to'], message: 'The end date must be on or after the start date' });
      else if (daysBetween(range.from, range.to) + 1 > MAX_DAYS) context.addIssue({ code: 'custom', path: ['from'], message: `Choose at most ${MAX_DAYS} days (a year); this range has ${daysBetween(range.from, range.to) + 1}` });
    });
}

export type RangeInput = z.output<ReturnType<typeof rangeSchema>>;

export interface Range {
  /** As asked. */
  from: string;
  to: string;
  period: Period;
  /** What is read: the first and last period starts (weeks: Mondays). */
  readFrom: string;
  readTo: string;
  /** Every period start in the range, so a period with no item still shows (as not computed). */
  starts: string[];
}

const addDays = (date: string, days: number) => DateTime.fromISO(date).plus({ days }).toISODate()!;
const daysBetween = (from: string, to: string) => Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days);

/** The Monday of the date's week. */
export const weekStartOf = (date: string) => DateTime.fromISO(date).startOf('week').toISODate()!;

export function resolveRange({ from, to }: { from: string; to: string }): Range {
  const days = daysBetween(from, to) + 1;
  if (days <= DAY_ITEMS_MAX) return { from, to, period: 'day', readFrom: from, readTo: to, starts: Array.from({ length: days }, (_, i) => addDays(from, i)) };
  const [readFrom, readTo] = [weekStartOf(from), weekStartOf(to)];
  const weeks = daysBetween(readFrom, readTo) / 7 + 1;
  return { from, to, period: 'week', readFrom, readTo, starts: Array.from({ length: weeks }, (_, i) => addDays(readFrom, 7 * i)) };
}

/** How a period reads in tables and charts: "2026-03-31", or "week of 2026-03-30". */
export const periodLabel = (range: Pick<Range, 'period'>, start: string) => (range.period === 'day' ? start : `week of ${start}`);
