/** What the booking page offers for the choices so far: doctors, the day's free times, and why a day has none. */
import { DateTime } from 'luxon';
import { getUserById } from '../../users';
import { listUpcomingAppointmentsForPatient } from '../repository';
import { getSchedule, type Schedule } from '../schedule/repository';
import { localDateOf } from '../schedule/plan';
import type { Ctx } from '../types';
import { ACTIVE_STATUSES, allBookableDoctors, freeSlotsIn, mergeByStart, type OfferedSlot } from './availability';
import { dayNote, nextFreeTimes, type DayNote } from './day-note';

type Reads = Pick<Ctx, 'db' | 'config'>;

/** The patient's active visits from the start of today: times they cannot be offered. */
export async function patientBusyTimes(ctx: Reads, patientId: string, now: Date) {
  const today = DateTime.fromJSDate(now).setZone(ctx.config.timeZone).startOf('day');
  const visits = await listUpcomingAppointmentsForPatient(ctx.db, patientId, today.toUTC().toISO()!);
  return visits.filter((a) => ACTIVE_STATUSES.has(a.status));
}

/**
 * The specialty's doctors, the free times of the chosen doctor (or of any doctor) on the date, and
 * when there are none, why and the next free times. Without a date: the first day with free times
 * from today (bounded look ahead), else tomorrow. A doctor who cannot be booked is ignored.
 */
export async function bookingOptions(ctx: Reads, patientId: string, choices: { specialty?: string; doctorId?: string; date?: string }, now = new Date()) {
  const candidate = choices.doctorId ? await getUserById(ctx.db, choices.doctorId) : undefined;
  const doctor = candidate?.doctor?.approval === 'approved' && candidate.status === 'active' ? candidate : undefined;
  const specialty = doctor?.doctor?.specialty ?? choices.specialty;
  const today = DateTime.fromJSDate(now).setZone(ctx.config.timeZone);
  const [doctors, busy] = await Promise.all([specialty ? allBookableDoctors(ctx, specialty) : Promise.resolve([]), patientBusyTimes(ctx, patientId, now)]);
  const schedules = await Promise.all((doctor ? [doctor] : doctors).map((d) => getSchedule(ctx.db, d.id)));
  const date = choices.date ?? (specialty ? await firstFreeDate(ctx, schedules, busy, now) : '');
  const free = date ? mergeByStart(await Promise.all(schedules.map((s) => freeSlotsIn(ctx, s, date, now)))) : [];
  // Times the patient is already booked elsewhere are not offered.
  const slots: OfferedSlot[] = free.filter((slot) => !busy.some((a) => a.start < slot.end && slot.start < a.end));
  const note: DayNote | undefined = specialty && date ? dayNote(ctx, { date, doctor, doctors: doctors.length, schedules, free: slots.length }, now) : undefined;
  return {
    specialty,
    doctor,
    doctors,
    date,
    slots,
    note: note?.kind === 'open' ? undefined : note,
    nextFree: note && !['open', 'no-doctors'].includes(note.kind) ? await nextFreeTimes(ctx, schedules, searchFrom(note, date, today), { busy }, now) : [],
    minDate: today.toISODate()!,
    maxDate: today.plus({ days: ctx.config.booking.horizonDays }).toISODate()!,
  };
}

/** Where the next free times are looked for: from today for a date outside the window, else from the day after. */
function searchFrom(note: DayNote, date: string, today: DateTime): string {
  return note.kind === 'past' || note.kind === 'too-far' ? today.toISODate()! : DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;
}

async function firstFreeDate(ctx: Reads, schedules: Schedule[], busy: { start: string; end: string }[], now: Date): Promise<string> {
  const today = DateTime.fromJSDate(now).setZone(ctx.config.timeZone);
  const [first] = await nextFreeTimes(ctx, schedules, today.toISODate()!, { busy, count: 1 }, now);
  return first ? localDateOf(first.start, ctx.config.timeZone) : today.plus({ days: 1 }).toISODate()!;
}
