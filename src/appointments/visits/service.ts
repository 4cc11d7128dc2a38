/** One visit: who may see it (live or archived), cancel it or move it. */
import { DateTime } from 'luxon';
import { withRetry } from '../../platform/db/retry';
import { BadRequestError, ConflictError, NotFoundError, NotYoursError, ValidationError } from '../../platform/http/errors';
import type { User } from '../../users';
import { ACTIVE_STATUSES, nearestFreeSlots, withinWindow } from '../booking/availability';
import type { BookingResult } from '../booking/service';
import { noticesOf } from '../notices';
import { nextReminderAt } from '../reminders/times';
import { describeAppointments } from '../presenter';
import { cancelAppointment, countPlaces, getAppointment, listPastVisitsForPatient, listUpcomingVisitsForPatient, moveAppointment } from '../repository';
import { localDateOf, planOffers, toUtcIso } from '../schedule/plan';
import { getSchedule } from '../schedule/repository';
import { STATUS_PHRASES } from '../words';
import type { Appointment, Ctx } from '../types';
import { describedWaitlistFor } from '../waitlist/service';

/** An appointment the user may see: the patient's own, the assigned doctor's, or any for admins. */
export async function appointmentFor(ctx: Ctx, user: User, appointmentId: string): Promise<Appointment> {
  const appointment = await getAppointment(ctx.db, appointmentId);
  if (!appointment) throw new NotFoundError('We could not find that appointment.');
  // Someone else's appointment answers exactly like a missing one (and is logged as a denial); the
  // doctor it was just taken from (their old messages link here) is told why, and nothing more.
  if (!(user.role === 'admin' || appointment.patientId === user.id || appointment.doctorId === user.id)) {
    const passedOn = appointment.assignment.fromDoctorId === user.id;
    throw new NotYoursError(passedOn ? 'This visit was passed to another doctor, so it is no longer on your list.' : 'We could not find that appointment.');
  }
  return appointment;
}

/**
 * Reads a visit the daily archival moved to S3, if it is archived and the user may see it. src/archive
 * provides it, and app.ts hands it to appointmentRoutes: archive imports appointments, not the reverse.
 */
export type ArchivedVisitReader = (user: User, appointmentId: string) => Promise<Appointment | undefined>;

/** The visit, live or, once the daily archival moved it to S3, read from there; someone else's answers like a missing one. */
export async function visibleVisit(ctx: Ctx, readArchived: ArchivedVisitReader, user: User, appointmentId: string): Promise<Appointment> {
  const live = await appointmentFor(ctx, user, appointmentId).catch((error: unknown) => {
    // Not in the live table: perhaps archived. Someone else's visit is not looked for there.
    if (error instanceof NotFoundError && !(error instanceof NotYoursError)) return undefined;
    throw error;
  });
  const visit = live ?? (await readArchived(user, appointmentId));
  if (!visit) throw new NotFoundError('We could not find that appointment.');
  return visit;
}

/** Patients may cancel up to the cut-off before the visit; doctors and admins any time before it starts. */
export function cancellableBy(ctx: Ctx, appointment: Appointment, role: string, now = new Date()): boolean {
  if (appointment.status !== 'booked' && appointment.status !== 'checked-in') return false;
  if (role !== 'patient') return true;
  return DateTime.fromJSDate(now) <= DateTime.fromISO(appointment.start).minus({ hours: ctx.config.booking.cancelCutoffHours });
}

export type Canceller = NonNullable<Appointment['cancellation']>['by'];

/** Who would cancel the visit (the patient, its doctor or an admin), if they may now; else why not. */
export function cancellerOf(ctx: Ctx, user: User, appointment: Appointment, now = new Date()): Canceller {
  const by = user.role === 'admin' ? 'admin' : user.id === appointment.doctorId ? 'doctor' : 'patient';
  if (!cancellableBy(ctx, appointment, by, now)) {
    if (by === 'patient' && ACTIVE_STATUSES.has(appointment.status)) {
      throw new BadRequestError(`Appointments can be cancelled online up to ${ctx.config.booking.cancelCutoffHours} hours before. Please call the hospital.`);
    }
    throw new ConflictError(`This appointment is ${STATUS_PHRASES[appointment.status]} and can no longer be cancelled.`);
  }
  return by;
}

/** Cancels for the patient (before the cut-off) or for staff (with a reason); frees the slot. */
export async function cancel(ctx: Ctx, user: User, appointmentId: string, reason: string | undefined, now = new Date()): Promise<Appointment> {
  const appointment = await appointmentFor(ctx, user, appointmentId);
  const by = cancellerOf(ctx, user, appointment, now);
  if (by !== 'patient' && !reason) throw new ValidationError({ reason: 'Give the patient a reason for cancelling' });
  const cancellation: NonNullable<Appointment['cancellation']> = { by, userId: user.id, reason, at: now.toISOString() };
  const after: Appointment = { ...appointment, status: 'cancelled', cancellation, version: appointment.version + 1 };
  const notices = await noticesOf(ctx, 'cancelled', after);
  const cancelled = await withRetry(() => cancelAppointment(ctx.db, appointment, cancellation, notices));
  ctx.dayBoard.forgetDay(appointment.doctorId, appointment.localDate);
  ctx.outbox?.kick();
  return cancelled;
}

export type RescheduleResult = { kind: 'moved'; appointment: Appointment } | Exclude<BookingResult, { kind: 'booked' | 'no-doctor-free' | 'too-many' }>;

/**
 * Moves a booked visit to another free slot of the same doctor: patients up to the cut-off,
 * doctors and admins any time before it starts.
 */
export async function reschedule(ctx: Ctx, user: User, appointmentId: string, newStart: string, now = new Date()): Promise<RescheduleResult> {
  const appointment = await appointmentFor(ctx, user, appointmentId);
  const role = user.role === 'admin' ? 'admin' : user.id === appointment.doctorId ? 'doctor' : 'patient';
  if (appointment.status !== 'booked') throw new ConflictError(`This appointment is ${STATUS_PHRASES[appointment.status]} and can no longer be moved.`);
  if (!cancellableBy(ctx, appointment, role, now)) {
    throw new BadRequestError(`Appointments can be moved online up to ${ctx.config.booking.cancelCutoffHours} hours before. Please call the hospital.`);
  }
  const start = toUtcIso(newStart);
  const schedule = await getSchedule(ctx.db, appointment.doctorId);
  const slot = schedule.plan && planOffers(schedule.plan, schedule.leave, start, ctx.config.timeZone);
  if (!slot || !withinWindow(ctx, start, now)) return { kind: 'invalid', errors: { start: 'Choose a new time from the list.' } };
  if (slot.start === appointment.start) return { kind: 'invalid', errors: { start: 'That is the time you already have. Choose another.' } };
  const moved = {
    ...appointment,
    start: slot.start,
    end: slot.end,
    localDate: localDateOf(slot.start, ctx.config.timeZone),
    nextReminderAt: nextReminderAt(slot.start, ctx.config.notifications.reminderOffsetsMs, now),
  };
  const notices = await noticesOf(ctx, 'rescheduled', { ...moved, version: appointment.version + 1 });
  const outcome = await withRetry(() => moveAppointment(ctx.db, appointment, moved, notices));
  if (outcome === 'moved') {
    ctx.dayBoard.forgetDay(appointment.doctorId, appointment.localDate);
    ctx.dayBoard.forgetDay(moved.doctorId, moved.localDate);
    ctx.outbox?.kick();
    return { kind: 'moved', appointment: { ...moved, version: appointment.version + 1 } };
  }
  if (outcome === 'patient-busy') return { kind: 'patient-busy' };
  return { kind: 'slot-gone', alternatives: await nearestFreeSlots(ctx, appointment.doctorId, start, now) };
}

/** Visits per page of each list: a patient sees their next ones, and pages back through the past. */
export const PAGE_SIZE = 10;

/** Where each list of the patient's page starts: sealed cursors from its "More" links. */
export interface ListCursors {
  upcoming?: string;
  past?: string;
}

/**
 * A patient's own page: a page of upcoming visits (active, not yet ended) and one of past visits
 * (everything else, newest first), named, their waitlist entries, and whether their places are full.
 */
export async function patientAppointments(ctx: Ctx, patientId: string, cursors: ListCursors = {}, now = new Date()) {
  const [upcoming, past, waiting, places] = await Promise.all([
    listUpcomingVisitsForPatient(ctx.db, patientId, now.toISOString(), { cursor: cursors.upcoming }),
    listPastVisitsForPatient(ctx.db, patientId, now.toISOString(), { cursor: cursors.past, limit: PAGE_SIZE }),
    describedWaitlistFor(ctx, patientId),
    countPlaces(ctx.db, patientId),
  ]);
  const described = await describeAppointments(ctx, [...upcoming.items, ...past.items]);
  const max = ctx.config.booking.maxActivePerPatient;
  return {
    upcoming: described.slice(0, upcoming.items.length),
    past: described.slice(upcoming.items.length),
    cursors: { ...cursors, nextUpcoming: upcoming.cursor, nextPast: past.cursor },
    waiting,
    // Open entries are not booked while the patient holds every place they may.
    placesFull: places >= max ? max : undefined,
  };
}
