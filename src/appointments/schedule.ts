/**
 * A doctor's weekly plan and leave, and the slots they produce on a date. Plans are wall-clock
 * times in the hospital's zone; slots are instants (UTC ISO strings). Pure: no I/O, no clock.
 */
import { DateTime, Interval } from 'luxon';

/** ISO weekday: 1 = Monday ... 7 = Sunday (luxon's numbering). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** A working range on one weekday, "HH:mm" to "HH:mm" local time; gaps between ranges are breaks. */
export interface TimeRange {
  start: string;
  end: string;
}

export interface WeeklyPlan {
  /** Weekday -> working ranges (empty or missing: not working). */
  days: Partial<Record<Weekday, TimeRange[]>>;
  /** Visit length in minutes, a multiple of 5 from 10 to 60. */
  slotMinutes: number;
}

/** Time off, as instants: [startsAt, endsAt). Whole days are stored as local midnight to midnight. */
export interface Leave {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

export interface Slot {
  start: string;
  end: string;
  /** "HH:mm" in the hospital's zone, for display. */
  label: string;
}

export const DEFAULT_SLOT_MINUTES = 20;

/** Every slot the plan offers on a local date, minus those that touch leave. */
export function slotsOn(plan: WeeklyPlan, leave: Leave[], localDate: string, zone: string): Slot[] {
  const day = DateTime.fromISO(localDate, { zone });
  if (!day.isValid) return [];
  const ranges = plan.days[day.weekday as Weekday] ?? [];
  const away = leave.map((l) => Interval.fromDateTimes(DateTime.fromISO(l.startsAt), DateTime.fromISO(l.endsAt)));
  return ranges
    .flatMap((range) => slotsInRange(day, range, plan.slotMinutes))
    .filter((slot) => !away.some((interval) => interval.overlaps(Interval.fromDateTimes(slot.startAt, slot.endAt))))
    .map(({ startAt, endAt }) => ({
      start: startAt.toUTC().toISO()!,
      end: endAt.toUTC().toISO()!,
      label: startAt.toFormat('HH:mm'),
    }));
}

/**
 * Steps through a range in real (elapsed) minutes, so a day with a clock change yields the slots
 * that really fit: none in the hour that does not exist, none twice in the hour that repeats.
 */
function slotsInRange(day: DateTime, range: TimeRange, minutes: number) {
  const at = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    return day.set({ hour, minute, second: 0, millisecond: 0 });
  };
  const end = at(range.end);
  const slots: { startAt: DateTime; endAt: DateTime }[] = [];
  for (let start = at(range.start); start.plus({ minutes }) <= end; start = start.plus({ minutes })) {
    slots.push({ startAt: start, endAt: start.plus({ minutes }) });
  }
  return slots;
}

/** The local date of an instant in the hospital's zone ("YYYY-MM-DD"). */
export function localDateOf(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate()!;
}

/** Whether the plan (minus leave) offers exactly this slot. */
export function planOffers(plan: WeeklyPlan, leave: Leave[], start: string, zone: string): Slot | undefined {
  return slotsOn(plan, leave, localDateOf(start, zone), zone).find((slot) => slot.start === toUtcIso(start));
}

/** Normalises any ISO instant to the UTC form slots use. */
export function toUtcIso(instant: string): string {
  return DateTime.fromISO(instant, { setZone: true }).toUTC().toISO()!;
}
