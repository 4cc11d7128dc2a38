/**
 * A doctor's weekly plan and leave, and the slots they produce on a date. Plans are wall-clock
 * times in the hospital's zone; slots are instants (UTC ISO strings). Pure: no I/O, no clock.
 */
import { DateTime } from 'luxon';

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
  const away = awayPeriods(leave);
  return (plan.days[day.weekday as Weekday] ?? [])
    .flatMap((range) => slotStartsInRange(day, range, plan.slotMinutes))
    .map((startMs) => slotAt(startMs, plan.slotMinutes, zone))
    .filter((slot) => !onLeave(slot, away));
}

/** The plan's slot that starts at exactly this instant, if there is one and it is not on leave. */
export function planOffers(plan: WeeklyPlan, leave: Leave[], start: string, zone: string): Slot | undefined {
  const slot = planSlotAt(plan, start, zone);
  return slot && !onLeave(slot, awayPeriods(leave)) ? slot : undefined;
}

/**
 * Remembered per plan object: "any doctor" asks it of every doctor of the specialty on every
 * request, and the plans it asks come from a shared cache, so the same object is asked again.
 */
const slotsByPlan = new WeakMap<WeeklyPlan, Map<string, Slot | undefined>>();

function planSlotAt(plan: WeeklyPlan, start: string, zone: string): Slot | undefined {
  const known = slotsByPlan.get(plan) ?? new Map<string, Slot | undefined>();
  slotsByPlan.set(plan, known);
  const key = `${zone}|${start}`;
  if (!known.has(key)) known.set(key, computeSlotAt(plan, start, zone));
  return known.get(key);
}

function computeSlotAt(plan: WeeklyPlan, start: string, zone: string): Slot | undefined {
  const at = DateTime.fromISO(start, { setZone: true });
  if (!at.isValid) return undefined;
  const day = at.setZone(zone).startOf('day');
  const step = plan.slotMinutes * 60_000;
  const fits = (plan.days[day.weekday as Weekday] ?? []).some((range) => {
    const { first, last } = rangeBounds(day, range, plan.slotMinutes);
    return at.toMillis() >= first && at.toMillis() <= last && (at.toMillis() - first) % step === 0;
  });
  return fits ? slotAt(at.toMillis(), plan.slotMinutes, zone) : undefined;
}

/**
 * A range's slots step in real (elapsed) minutes from its local start, so a day with a clock
 * change yields the slots that really fit: none in the hour that does not exist, none twice in the
 * hour that repeats. Only the range's ends need the zone's rules; the steps are plain milliseconds.
 */
function rangeBounds(day: DateTime, range: TimeRange, minutes: number) {
  const at = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
  };
  return { first: at(range.start), last: at(range.end) - minutes * 60_000 };
}

function slotStartsInRange(day: DateTime, range: TimeRange, minutes: number): number[] {
  const { first, last } = rangeBounds(day, range, minutes);
  const starts: number[] = [];
  for (let start = first; start <= last; start += minutes * 60_000) starts.push(start);
  return starts;
}

function slotAt(startMs: number, minutes: number, zone: string): Slot {
  return {
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + minutes * 60_000).toISOString(),
    label: DateTime.fromMillis(startMs, { zone }).toFormat('HH:mm'),
  };
}

const awayPeriods = (leave: Leave[]) => leave.map((l) => ({ from: Date.parse(l.startsAt), to: Date.parse(l.endsAt) }));

function onLeave(slot: Slot, away: { from: number; to: number }[]): boolean {
  const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
  return away.some(({ from, to }) => from < end && start < to);
}

/** The local date of an instant in the hospital's zone ("YYYY-MM-DD"). */
export function localDateOf(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate()!;
}

/** Normalises any ISO instant to the UTC form slots use. */
export function toUtcIso(instant: string): string {
  return DateTime.fromISO(instant, { setZone: true }).toUTC().toISO()!;
}
