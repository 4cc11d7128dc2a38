/**
 * The working-hours forms. The plan form is flat (`start-<weekday>-<n>`, `end-<weekday>-<n>`), so a
 * message about one range is keyed `range-<weekday>-<n>`; leave times are read in the hospital zone.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { DEFAULT_SLOT_MINUTES, WEEKDAYS, type TimeRange, type WeeklyPlan } from './plan';

export const RANGES_PER_DAY = 3;
export const SLOT_LENGTHS = Array.from({ length: 11 }, (_, i) => 10 + i * 5);
export const MAX_LEAVE_DAYS = 366;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export const rangeField = (part: 'start' | 'end' | 'range', day: number, n: number) => `${part}-${day}-${n}`;

type Form = Record<string, unknown>;
type Problem = { field: string; message: string };

/** One day's ranges as typed, sorted, and what is wrong with them (keyed on the range). */
function readDay(form: Form, day: number, slotMinutes: number | undefined) {
  const ranges: (TimeRange & { n: number })[] = [];
  const problems: Problem[] = [];
  const fail = (n: number, message: string) => problems.push({ field: rangeField('range', day, n), message });
  const extra = Object.keys(form).some((key) => {
    const match = /^(start|end)-(\d)-(\d+)$/.exec(key);
    return match && Number(match[2]) === day && Number(match[3]) >= RANGES_PER_DAY && text(form[key]);
  });
  if (extra) fail(0, `At most ${RANGES_PER_DAY} working ranges a day`);
  for (let n = 0; n < RANGES_PER_DAY; n += 1) {
    const start = text(form[rangeField('start', day, n)]);
    const end = text(form[rangeField('end', day, n)]);
    if (!start && !end) continue;
    if (!start || !end) fail(n, 'Enter both a start and an end time, or clear both');
    else if (!TIME.test(start) || !TIME.test(end)) fail(n, 'Enter times as HH:mm, for example 09:00');
    else if (minutesOf(end) <= minutesOf(start)) fail(n, 'The end must be after the start');
    else if (slotMinutes && minutesOf(end) - minutesOf(start) < slotMinutes) fail(n, `Shorter than one ${slotMinutes}-minute visit`);
    else ranges.push({ start, end, n });
  }
  ranges.sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < ranges.length; i += 1) {
    const before = ranges[i - 1];
    if (ranges[i].start < before.end) fail(ranges[i].n, `Overlaps ${before.start}–${before.end}`);
  }
  return { ranges: ranges.map(({ start, end }) => ({ start, end })), problems };
}

const slotMinutesOf = (form: Form) => (SLOT_LENGTHS.includes(Number(form.slotMinutes)) ? Number(form.slotMinutes) : undefined);

export const planFormSchema = z
  .looseObject({
    slotMinutes: z.coerce
      .number({ error: 'Choose a visit length' })
      .refine((m) => SLOT_LENGTHS.includes(m), 'Choose a visit length from 10 to 60 minutes, in steps of 5'),
    planVersion: z.coerce.number({ error: 'Reload the page and try again' }).int().min(0, 'Reload the page and try again'),
  })
  // Runs even when the visit length is wrong, so every range problem shows at once.
  .superRefine((form, ctx) => {
    for (const day of WEEKDAYS) {
      for (const { field, message } of readDay(form, day, slotMinutesOf(form)).problems) ctx.addIssue({ code: 'custom', path: [field], message });
    }
  })
  .transform((form) => {
    const days: WeeklyPlan['days'] = {};
    for (const day of WEEKDAYS) {
      const { ranges } = readDay(form, day, form.slotMinutes);
      if (ranges.length) days[day] = ranges;
    }
    return { plan: { days, slotMinutes: form.slotMinutes } as WeeklyPlan, planVersion: form.planVersion };
  });

export type PlanFormInput = z.output<typeof planFormSchema>;

/** A saved plan as the form's values, so the page opens with it filled in. */
export function planFormValues(plan: WeeklyPlan | undefined): Record<string, string> {
  const values: Record<string, string> = { slotMinutes: String(plan?.slotMinutes ?? DEFAULT_SLOT_MINUTES) };
  for (const day of WEEKDAYS) {
    (plan?.days[day] ?? []).forEach((range, n) => {
      values[rangeField('start', day, n)] = range.start;
      values[rangeField('end', day, n)] = range.end;
    });
  }
  return values;
}

const optionalTime = z
  .string()
  .trim()
  .optional()
  .refine((t) => !t || TIME.test(t), 'Enter a time as HH:mm, or leave it empty for the whole day');

/**
 * Leave from `from` to `to` inclusive: from local midnight (or `fromTime`) to the next local midnight
 * after `to` (or `toTime` on `to`). Refused when already over or longer than a year.
 */
export function leaveFormSchema(zone: string, now: DateTime) {
  const day = (message: string) =>
    z.string({ error: message }).trim().refine((d) => DATE.test(d) && DateTime.fromISO(d, { zone }).isValid, message);
  return z
    .object({
      from: day('Enter the first day of leave'),
      to: day('Enter the last day of leave'),
      fromTime: optionalTime,
      toTime: optionalTime,
      reason: z.string({ error: 'Give a reason' }).trim().min(3, 'Give a reason of at least 3 characters').max(200, 'Keep the reason under 200 characters'),
    })
    .transform(({ from, to, fromTime, toTime, reason }, ctx) => {
      const fail = (path: string, message: string) => {
        ctx.addIssue({ code: 'custom', path: [path], message });
        return z.NEVER;
      };
      if (to < from) return fail('to', 'The last day cannot be before the first day');
      const start = fromTime ? DateTime.fromISO(`${from}T${fromTime}`, { zone }) : DateTime.fromISO(from, { zone }).startOf('day');
      const end = toTime ? DateTime.fromISO(`${to}T${toTime}`, { zone }) : DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day');
      if (end <= start) return fail('toTime', 'The leave must end after it starts');
      if (end <= now) return fail('to', 'This leave is already over');
      if (end.diff(start, 'days').days > MAX_LEAVE_DAYS) return fail('to', `Leave can be at most ${MAX_LEAVE_DAYS} days long`);
      return { startsAt: start.toUTC().toISO()!, endsAt: end.toUTC().toISO()!, reason };
    });
}

export type LeaveFormInput = z.output<ReturnType<typeof leaveFormSchema>>;

/** Doctor and leave ids are UUIDs; anything else is "not found", never a database error. */
export const idSchema = z.uuid();
