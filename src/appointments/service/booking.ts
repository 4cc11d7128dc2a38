/** Booking: fair assignment and one transaction per booking, deduplicated by the form's key. */
import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { withRetry } from '../../platform/db/retry';
import { ConflictError } from '../../platform/http/errors';
import type { User } from '../../users';
import { findByIdempotencyKey, getAppointment, insertAppointment, listAppointmentsForDoctorOnDay, nextRoundRobinCounter, type InsertOutcome } from '../repository';
import { offerOrder } from '../round-robin';
import { localDateOf, planOffers, toUtcIso, type Slot } from '../schedule';
import { getSchedule } from '../schedule-repository';
import type { Appointment, Assignment } from '../types';
import { ACTIVE_STATUSES, allBookableDoctors, nearestFreeSlots, requireBookableDoctor, withinWindow, type Ctx } from './availability';

export interface BookingRequest {
  patient: User;
  /** A named doctor, or "any doctor" of a specialty. */
  doctorId?: string;
  specialty?: string;
  start: string;
  reason: string;
  idempotencyKey: string;
}

export type BookingResult =
  | { kind: 'booked'; appointment: Appointment }
  | { kind: 'slot-gone'; alternatives: Slot[] }
  | { kind: 'no-doctor-free' }
  | { kind: 'patient-busy' }
  | { kind: 'invalid'; errors: Record<string, string> };

/**
 * Books a visit. A replayed form (same idempotency key) returns the appointment it already made;
 * "any doctor" walks the round-robin order, skipping doctors not working or already taken.
 */
export async function bookAppointment(ctx: Ctx, request: BookingRequest, now = new Date()): Promise<BookingResult> {
  const replay = await existingBooking(ctx, request);
  if (replay) return { kind: 'booked', appointment: replay };
  const start = toUtcIso(request.start);
  if (!withinWindow(ctx, start, now)) {
    const { minNoticeMinutes, horizonDays } = ctx.config.booking;
    return { kind: 'invalid', errors: { start: `Choose a time from the list: at least ${minNoticeMinutes} minutes ahead and within ${horizonDays} days.` } };
  }
  return request.doctorId ? bookNamedDoctor(ctx, { ...request, start }, now) : bookAnyDoctor(ctx, { ...request, start });
}

async function existingBooking(ctx: Ctx, request: BookingRequest): Promise<Appointment | undefined> {
  const previous = await findByIdempotencyKey(ctx.db, request.idempotencyKey);
  if (!previous) return undefined;
  if (previous.patientId !== request.patient.id) throw new ConflictError('This booking form was already used. Please start a new booking.');
  return getAppointment(ctx.db, previous.appointmentId);
}

async function bookNamedDoctor(ctx: Ctx, request: BookingRequest, now: Date): Promise<BookingResult> {
  const doctor = await requireBookableDoctor(ctx, request.doctorId!);
  const schedule = await getSchedule(ctx.db, doctor.id);
  const slot = schedule.plan && planOffers(schedule.plan, schedule.leave, request.start, ctx.config.timeZone);
  if (!slot) return { kind: 'invalid', errors: { start: `Dr ${doctor.lastName} does not see patients at that time. Choose a time from the list.` } };
  const outcome = await attempt(ctx, request, doctor, slot, { mode: 'named' });
  if (outcome.kind !== 'slot-taken') return outcome;
  return { kind: 'slot-gone', alternatives: await nearestFreeSlots(ctx, doctor.id, request.start, now) };
}

async function bookAnyDoctor(ctx: Ctx, request: BookingRequest): Promise<BookingResult> {
  const specialty = request.specialty!;
  const doctors = await allBookableDoctors(ctx, specialty);
  if (!doctors.length) return { kind: 'invalid', errors: { specialty: 'No doctor of this specialty can be booked at the moment.' } };
  const [counter, days] = await Promise.all([
    withRetry(() => nextRoundRobinCounter(ctx.db, specialty)),
    Promise.all(doctors.map((doctor) => doctorDay(ctx, doctor, request.start))),
  ]);
  const since = balancedSince(days);
  const loads = days.map((day) => ({ ...day, load: day.visits.filter((a) => a.start >= since).length }));
  const { order, start } = offerOrder(loads, counter);
  const assignment: Assignment = { mode: 'any', counter, startIndex: start.index, candidates: order.length, skipped: [] };
  for (const day of order) {
    if (!day.slot || day.busy) {
      assignment.skipped!.push({ doctorId: day.id, reason: day.slot ? 'slot taken' : 'not working' });
      continue;
    }
    const outcome = await attempt(ctx, request, day.doctor, day.slot, { ...assignment, dayLoad: day.load });
    if (outcome.kind !== 'slot-taken') return outcome;
    assignment.skipped!.push({ doctorId: day.id, reason: 'slot taken' });
  }
  return { kind: 'no-doctor-free' };
}

/** For one doctor: the plan's slot at that time (if any), whether it is taken, and the day's visits. */
export async function doctorDay(ctx: Ctx, doctor: User, start: string) {
  const localDate = localDateOf(start, ctx.config.timeZone);
  const [schedule, sameDay] = await Promise.all([getSchedule(ctx.db, doctor.id), listAppointmentsForDoctorOnDay(ctx.db, doctor.id, localDate)]);
  const slot = schedule.plan ? planOffers(schedule.plan, schedule.leave, start, ctx.config.timeZone) : undefined;
  const visits = sameDay.filter((a) => a.status !== 'cancelled');
  const busy = Boolean(slot) && visits.some((a) => ACTIVE_STATUSES.has(a.status) && a.start < slot!.end && slot!.start < a.end);
  const dayStart = DateTime.fromISO(localDate, { zone: ctx.config.timeZone }).toUTC().toISO()!;
  // Leave that ended earlier that day: loads are compared only from the last such return.
  const returnedAt = schedule.leave.map((l) => l.endsAt).filter((end) => end > dayStart && end <= start);
  return { id: doctor.id, doctor, slot, busy, visits, returnedAt };
}

/** Loads are compared from the moment every candidate was last available that day ('' = all day). */
function balancedSince(days: { returnedAt: string[] }[]): string {
  return days.flatMap((d) => d.returnedAt).reduce((latest, end) => (end > latest ? end : latest), '');
}

type Attempt = BookingResult | { kind: 'slot-taken' };

async function attempt(ctx: Ctx, request: BookingRequest, doctor: User, slot: Slot, assignment: Assignment): Promise<Attempt> {
  const appointment: Appointment = {
    id: randomUUID(),
    patientId: request.patient.id,
    doctorId: doctor.id,
    specialty: doctor.doctor!.specialty,
    hospitalId: doctor.doctor!.hospitalId,
    start: slot.start,
    end: slot.end,
    localDate: localDateOf(slot.start, ctx.config.timeZone),
    status: 'booked',
    reason: request.reason,
    assignment: { ...assignment, skipped: assignment.skipped ? [...assignment.skipped] : undefined },
    version: 1,
    createdAt: new Date().toISOString(),
  };
  // One token per (form, doctor, slot): an SDK retry of this very write is deduped by DynamoDB,
  // while trying another doctor or time under the same form never reuses a token (refused).
  const token = createHash('sha256').update(`${request.idempotencyKey}:${doctor.id}:${slot.start}`).digest('hex').slice(0, 36);
  const outcome: InsertOutcome = await withRetry(() => insertAppointment(ctx.db, appointment, request.idempotencyKey, token));
  if (outcome === 'booked') return { kind: 'booked', appointment };
  if (outcome === 'slot-taken') return { kind: 'slot-taken' };
  if (outcome === 'patient-busy') return { kind: 'patient-busy' };
  const replay = await existingBooking(ctx, request);
  if (replay) return { kind: 'booked', appointment: replay };
  throw new ConflictError('This booking form was already used. Please start a new booking.');
}
