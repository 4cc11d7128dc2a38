/**
 * The numbers of one period (a day, a week, a whole range) from its visits: pure. A day's numbers
 * are computed from that day's appointments; a week's or a range's by `mergeAggregates`, which is
 * associative, so a week item equals the merge of its seven days.
 */
import type { Appointment } from '../appointments';

/** Why the booking gave this doctor the visit (from the assignment the booking recorded). */
export const PICK_REASONS = ['chosen', 'first-offer', 'others-not-working', 'others-busy', 'reassigned', 'unknown'] as const;
export type PickReason = (typeof PICK_REASONS)[number];

/** A day's visits by where they got to. `visits` counts every visit that was not cancelled. */
export interface Flow {
  visits: number;
  checkedIn: number;
  completed: number;
  noShow: number;
  cancelled: number;
}

export interface DoctorTotals {
  specialty: string;
  visits: number;
  /** Booked minutes of the visits not cancelled (a no-show held its time too). */
  minutes: number;
  /** Visits given by "any doctor" booking. */
  anyVisits: number;
  reasons: Partial<Record<PickReason, number>>;
}

/** The round-robin's spread: per day, max - min of "any doctor" visits among the doctors on duty for them. */
export interface SpecialtyTotals {
  visits: number;
  anyVisits: number;
  /** Days with at least one "any doctor" visit, and the sum and largest of their spreads. */
  days: number;
  spreadSum: number;
  spreadMax: number;
}

export interface Aggregate {
  /** The first local date the period covers, and how many days of it were computed. */
  start: string;
  days: number;
  flow: Flow;
  doctors: Record<string, DoctorTotals>;
  specialties: Record<string, SpecialtyTotals>;
  /** Booking-to-visit lead times: count per bucket (lower bound in hours; see `leadBucket`). */
  leadHours: Record<string, number>;
  /** Open waitlist entries, snapshot once per day: days with a snapshot, their sum and the largest. */
  waitlist: { days: number; sum: number; max: number };
}

const emptyFlow = (): Flow => ({ visits: 0, checkedIn: 0, completed: 0, noShow: 0, cancelled: 0 });

export const emptyAggregate = (start: string): Aggregate => ({
  start,
  days: 0,
  flow: emptyFlow(),
  doctors: {},
  specialties: {},
  leadHours: {},
  waitlist: { days: 0, sum: 0, max: 0 },
});

/** To the hour under two days, to the day beyond: the lower bound in hours. */
export function leadBucket(hours: number): number {
  const h = Math.max(0, hours);
  return h < 48 ? Math.floor(h) : Math.floor(h / 24) * 24;
}

export function pickReason(assignment: Appointment['assignment'] | undefined): PickReason {
  if (!assignment) return 'unknown';
  if (assignment.mode === 'named') return 'chosen';
  if (assignment.mode === 'reassigned') return 'reassigned';
  const skipped = assignment.skipped ?? [];
  if (skipped.some((s) => s.reason === 'slot taken')) return 'others-busy';
  return skipped.length ? 'others-not-working' : 'first-offer';
}

const REACHED_CHECK_IN: readonly Appointment['status'][] = ['checked-in', 'in-progress', 'completed'];

/** The day's numbers from every appointment on it (a visit moved away is no longer on it). */
export function aggregateDay(date: string, appointments: Appointment[], waitlistOpen?: number): Aggregate {
  const day = emptyAggregate(date);
  day.days = 1;
  if (waitlistOpen !== undefined) day.waitlist = { days: 1, sum: waitlistOpen, max: waitlistOpen };
  const onDuty = new Map<string, Map<string, number>>();
  const duty = (specialty: string) => onDuty.get(specialty) ?? onDuty.set(specialty, new Map()).get(specialty)!;
  for (const visit of appointments) {
    if (visit.status === 'cancelled') {
      day.flow.cancelled += 1;
      continue;
    }
    countVisit(day, visit);
    if (visit.assignment?.mode !== 'any') continue;
    const doctors = duty(visit.specialty);
    doctors.set(visit.doctorId, (doctors.get(visit.doctorId) ?? 0) + 1);
    // Passed over because busy: working then, so on duty for the spread even with no "any" visit.
    for (const s of visit.assignment.skipped ?? []) if (s.reason === 'slot taken' && !doctors.has(s.doctorId)) doctors.set(s.doctorId, 0);
  }
  for (const [specialty, doctors] of onDuty) {
    const counts = [...doctors.values()];
    const spread = Math.max(...counts) - Math.min(...counts);
    Object.assign(day.specialties[specialty], { days: 1, spreadSum: spread, spreadMax: spread });
  }
  return day;
}

function countVisit(day: Aggregate, visit: Appointment): void {
  const { flow } = day;
  flow.visits += 1;
  if (REACHED_CHECK_IN.includes(visit.status) || visit.timeline?.checkedInAt) flow.checkedIn += 1;
  if (visit.status === 'completed') flow.completed += 1;
  if (visit.status === 'no-show') flow.noShow += 1;
  const any = visit.assignment?.mode === 'any' ? 1 : 0;
  const doctor = (day.doctors[visit.doctorId] ??= { specialty: visit.specialty, visits: 0, minutes: 0, anyVisits: 0, reasons: {} });
  doctor.visits += 1;
  doctor.minutes += Math.max(0, Math.round((Date.parse(visit.end) - Date.parse(visit.start)) / 60_000));
  doctor.anyVisits += any;
  const reason = pickReason(visit.assignment);
  doctor.reasons[reason] = (doctor.reasons[reason] ?? 0) + 1;
  const specialty = (day.specialties[visit.specialty] ??= { visits: 0, anyVisits: 0, days: 0, spreadSum: 0, spreadMax: 0 });
  specialty.visits += 1;
  specialty.anyVisits += any;
  // Archive stand-ins keep no booking time: they count in the flow but not in the lead times.
  if (visit.createdAt) {
    const bucket = String(leadBucket((Date.parse(visit.start) - Date.parse(visit.createdAt)) / 3_600_000));
    day.leadHours[bucket] = (day.leadHours[bucket] ?? 0) + 1;
  }
}

const addCounts = <K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>) => {
  for (const [key, n] of Object.entries(from) as [K, number][]) into[key] = (into[key] ?? 0) + n;
};

/** One period's numbers from several (days into a week, weeks into a range); `start` is the earliest. */
export function mergeAggregates(start: string, parts: Aggregate[]): Aggregate {
  const total = emptyAggregate(start);
  for (const part of parts) {
    total.days += part.days;
    addCounts(total.flow as unknown as Record<string, number>, part.flow as unknown as Record<string, number>);
    for (const [id, d] of Object.entries(part.doctors)) {
      const into = (total.doctors[id] ??= { specialty: d.specialty, visits: 0, minutes: 0, anyVisits: 0, reasons: {} });
      into.visits += d.visits;
      into.minutes += d.minutes;
      into.anyVisits += d.anyVisits;
      addCounts(into.reasons, d.reasons);
    }
    for (const [slug, s] of Object.entries(part.specialties)) {
      const into = (total.specialties[slug] ??= { visits: 0, anyVisits: 0, days: 0, spreadSum: 0, spreadMax: 0 });
      Object.assign(into, { visits: into.visits + s.visits, anyVisits: into.anyVisits + s.anyVisits, days: into.days + s.days, spreadSum: into.spreadSum + s.spreadSum, spreadMax: Math.max(into.spreadMax, s.spreadMax) });
    }
    addCounts(total.leadHours, part.leadHours);
    total.waitlist = { days: total.waitlist.days + part.waitlist.days, sum: total.waitlist.sum + part.waitlist.sum, max: Math.max(total.waitlist.max, part.waitlist.max) };
  }
  return total;
}

/** The lead time (hours, a bucket's lower bound) below which `share` (0.5 = median) of the visits fall. */
export function leadPercentile(leadHours: Record<string, number>, share: number): number | undefined {
  const buckets = Object.entries(leadHours).map(([h, n]) => [Number(h), n] as const).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (!total) return undefined;
  const rank = Math.ceil(share * total);
  let seen = 0;
  for (const [hours, n] of buckets) {
    seen += n;
    if (seen >= rank) return hours;
  }
  return buckets[buckets.length - 1][0];
}

/** Share of the visits not cancelled that were missed, and of every booking that was cancelled (0-1). */
export function rates(flow: Flow): { noShow?: number; cancelled?: number } {
  const booked = flow.visits + flow.cancelled;
  return { noShow: flow.visits ? flow.noShow / flow.visits : undefined, cancelled: booked ? flow.cancelled / booked : undefined };
}
