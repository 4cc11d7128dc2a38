/**
 * When a day has nothing to book: why (the date has passed, nobody works then, no doctors yet,
 * every time is taken), the days the doctors do work, and the next free times. The look ahead is
 * bounded (LOOK_AHEAD_DAYS, stopping at NEXT_TIMES) and reads a doctor's day only when their plan
 * offers times then, through the same availability code as the day's own times.
 */
import { DateTime, Info } from 'luxon';
import { fullName, type User } from '../../users';
import { slotsOn, WEEKDAYS, type Slot, type Weekday } from '../schedule/plan';
import type { Schedule } from '../schedule/repository';
import type { Ctx } from '../types';
import { freeSlotsIn, mergeByStart, withinWindow, type OfferedSlot } from './availability';

type Reads = Pick<Ctx, 'db' | 'config'>;

export const LOOK_AHEAD_DAYS = 14;
export const NEXT_TIMES = 3;

export type DayNoteKind = 'open' | 'no-doctors' | 'past' | 'too-far' | 'not-working' | 'day-over' | 'full';
export interface DayNote {
  kind: DayNoteKind;
  message: string;
}

export const NO_DOCTORS = 'There are no doctors in this specialty yet, so there is nothing to book or wait for. Please choose another specialty.';

const overlaps = (a: Pick<Slot, 'start' | 'end'>, b: Pick<Slot, 'start' | 'end'>) => a.start < b.end && b.start < a.end;

/** The free times of these schedules from `fromDate`, day by day, up to `count` times, `days` days, and `toDate`; none the patient is busy at. */
export async function nextFreeTimes(
  ctx: Reads,
  schedules: Schedule[],
  fromDate: string,
  options: { busy?: Pick<Slot, 'start' | 'end'>[]; count?: number; days?: number; toDate?: string } = {},
  now = new Date(),
): Promise<OfferedSlot[]> {
  const { busy = [], count = NEXT_TIMES, days = LOOK_AHEAD_DAYS, toDate } = options;
  const first = DateTime.fromISO(fromDate, { zone: ctx.config.timeZone });
  const found: OfferedSlot[] = [];
  for (let i = 0; first.isValid && i < days && found.length < count; i++) {
    const date = first.plus({ days: i }).toISODate()!;
    if (toDate && date > toDate) break;
    const free = mergeByStart(await Promise.all(schedules.map((s) => freeSlotsIn(ctx, s, date, now))));
    found.push(...free.filter((slot) => !busy.some((visit) => overlaps(slot, visit))));
  }
  return found.slice(0, count);
}

/** "Monday, Tuesday and Friday": the weekdays on which any of these plans has working hours. */
export function workingDays(schedules: Schedule[]): string {
  const names = Info.weekdays('long', { locale: 'en-GB' });
  const days = WEEKDAYS.filter((day) => schedules.some((s) => (s.plan?.days[day] ?? []).length > 0));
  return new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(days.map((day) => names[day - 1]));
}

/** Whether any of these schedules offers a time on the date that can still be booked. */
export function worksOn(ctx: Reads, schedules: Schedule[], date: string, now: Date): 'yes' | 'day-over' | 'no' {
  const planned = schedules.flatMap((s) => (s.plan ? slotsOn(s.plan, s.leave, date, ctx.config.timeZone) : []));
  if (!planned.length) return 'no';
  return planned.some((slot) => withinWindow(ctx, slot.start, now)) ? 'yes' : 'day-over';
}

/** Who the doctors are, as a sentence starts: "Dr Mira Rao" or "No doctor of this specialty". */
export function whoWorks(schedules: Schedule[], doctor?: User) {
  const days = workingDays(schedules);
  if (doctor) {
    const name = `Dr ${fullName(doctor)}`;
    return { nobody: `${name} does not work`, days: days ? `${name} works on ${days}.` : `${name} has not set working hours yet.` };
  }
  return { nobody: 'No doctor of this specialty works', days: days ? `They work on ${days}.` : '' };
}

export interface DayFacts {
  date: string;
  doctor?: User;
  doctors: number;
  schedules: Schedule[];
  free: number;
}

/** Why a day offers what it does, in the words the booking page shows. */
export function dayNote(ctx: Reads, facts: DayFacts, now: Date): DayNote {
  const zone = ctx.config.timeZone;
  const today = DateTime.fromJSDate(now).setZone(zone).toISODate()!;
  const horizon = ctx.config.booking.horizonDays;
  const who = whoWorks(facts.schedules, facts.doctor);
  if (!facts.doctor && !facts.doctors) return { kind: 'no-doctors', message: NO_DOCTORS };
  if (facts.date < today) return { kind: 'past', message: 'That date has passed. Here are the nearest free times.' };
  if (facts.date > DateTime.fromJSDate(now).setZone(zone).plus({ days: horizon }).toISODate()!) {
    return { kind: 'too-far', message: `You can book up to ${horizon} days ahead. Here are the nearest free times.` };
  }
  if (facts.free) return { kind: 'open', message: '' };
  const works = worksOn(ctx, facts.schedules, facts.date, now);
  if (works === 'no') {
    const day = DateTime.fromISO(facts.date, { zone });
    // A working weekday with nothing planned is time off: "on Wednesdays" would be untrue.
    const usual = facts.schedules.some((s) => (s.plan?.days[day.weekday as Weekday] ?? []).length > 0);
    const when = usual ? 'that day' : `on ${day.setLocale('en-GB').toFormat('cccc')}s`;
    return { kind: 'not-working', message: `${who.nobody} ${when}. ${who.days}`.trim() };
  }
  if (works === 'day-over') return { kind: 'day-over', message: `There are no more times today. ${who.days}`.trim() };
  return { kind: 'full', message: `Every time on this day is taken. ${facts.doctor ? who.days : ''}`.trim() };
}
