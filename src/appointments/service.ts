/** Booking rules: free slots, fair assignment, one transaction per booking, cancelling. */
import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Deps } from '../deps';
import { BadRequestError, ConflictError, NotFoundError } from '../platform/http/errors';
import { withRetry } from '../platform/db/retry';
import { getUserById, listBookableDoctorsBySpecialty, type User } from '../users';
import {
  cancelAppointment,
  findByIdempotencyKey,
  getAppointment,
  insertAppointment,
  listAppointmentsForDoctorOnDay,
  moveAppointment,
  nextRoundRobinCounter,
  type InsertOutcome,
} from './repository';
import { rotation } from './round-robin';
import { localDateOf, planOffers, slotsOn, toUtcIso, type Slot } from './schedule';
import { getSchedule, type Schedule } from './schedule-repository';
import type { Appointment, Assignment } from './types';

type Ctx = Pick<Deps, 'db' | 'config'>;

export type { Appointment } from './types';
/** A slot offered on the booking page; for "any doctor", how many doctors are free then. */
export type OfferedSlot = Slot & { doctors?: number };

export const ACTIVE_STATUSES = new Set(['booked', 'checked-in', 'in-progress']);

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

/** The window patients may book in: from now + minimum notice to now + horizon. */
function bookingWindow(ctx: Ctx, now: Date) {
  const from = DateTime.fromJSDate(now).plus({ minutes: ctx.config.booking.minNoticeMinutes });
  return { from, to: DateTime.fromJSDate(now).plus({ days: ctx.config.booking.horizonDays }) };
}

function withinWindow(ctx: Ctx, slotStart: string, now: Date): boolean {
  const { from, to } = bookingWindow(ctx, now);
  const start = DateTime.fromISO(slotStart);
  return start >= from && start <= to;
}

export async function requireBookableDoctor(ctx: Ctx, doctorId: string): Promise<User> {
  const doctor = await getUserById(ctx.db, doctorId);
  if (!doctor?.doctor || doctor.doctor.approval !== 'approved' || doctor.status !== 'active') {
    throw new NotFoundError('There is no bookable doctor with that id.');
  }
  return doctor;
}

/** A doctor's slots on a local date that are offered, inside the booking window and not taken. */
export async function freeSlotsForDoctor(ctx: Ctx, doctorId: string, localDate: string, now = new Date()): Promise<Slot[]> {
  return freeSlotsIn(ctx, await getSchedule(ctx.db, doctorId), localDate, now);
}

async function freeSlotsIn(ctx: Ctx, schedule: Schedule, localDate: string, now: Date): Promise<Slot[]> {
  if (!schedule.plan) return [];
  const offered = slotsOn(schedule.plan, schedule.leave, localDate, ctx.config.timeZone).filter((slot) => withinWindow(ctx, slot.start, now));
  if (!offered.length) return [];
  const booked = await listAppointmentsForDoctorOnDay(ctx.db, schedule.doctorId, localDate);
  const busy = booked.filter((a) => ACTIVE_STATUSES.has(a.status));
  return offered.filter((slot) => !busy.some((a) => a.start < slot.end && slot.start < a.end));
}

/** The free slots of a specialty on a date: each time with how many doctors are free then. */
export async function freeSlotsForSpecialty(ctx: Ctx, specialty: string, localDate: string, now = new Date()) {
  const doctors = await allBookableDoctors(ctx, specialty);
  const perDoctor = await Promise.all(doctors.map((d) => freeSlotsForDoctor(ctx, d.id, localDate, now)));
  const byStart = new Map<string, Slot & { doctors: number }>();
  for (const slot of perDoctor.flat()) {
    const seen = byStart.get(slot.start);
    byStart.set(slot.start, { ...slot, doctors: (seen?.doctors ?? 0) + 1 });
  }
  return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * What the booking page offers for the choices so far: the specialty's doctors and the free slots
 * of the chosen doctor (or of any doctor) on the date. A doctor who cannot be booked is ignored.
 */
export async function bookingOptions(ctx: Ctx, choices: { specialty?: string; doctorId?: string; date: string }, now = new Date()) {
  const candidate = choices.doctorId ? await getUserById(ctx.db, choices.doctorId) : undefined;
  const doctor = candidate?.doctor?.approval === 'approved' && candidate.status === 'active' ? candidate : undefined;
  const specialty = doctor?.doctor?.specialty ?? choices.specialty;
  const today = DateTime.fromJSDate(now).setZone(ctx.config.timeZone);
  const [doctors, slots] = await Promise.all([
    specialty ? allBookableDoctors(ctx, specialty) : Promise.resolve([]),
    doctor ? freeSlotsForDoctor(ctx, doctor.id, choices.date, now) : specialty ? freeSlotsForSpecialty(ctx, specialty, choices.date, now) : Promise.resolve([]),
  ]);
  return {
    specialty,
    doctor,
    doctors,
    date: choices.date,
    slots: slots as OfferedSlot[],
    minDate: today.toISODate()!,
    maxDate: today.plus({ days: ctx.config.booking.horizonDays }).toISODate()!,
  };
}

async function allBookableDoctors(ctx: Ctx, specialty: string): Promise<User[]> {
  const doctors: User[] = [];
  let cursor: string | undefined;
  do {
    const page = await listBookableDoctorsBySpecialty(ctx.db, specialty, cursor);
    doctors.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return doctors;
}

/**
 * Books a visit. A replayed form (same idempotency key) returns the appointment it already made;
 * "any doctor" walks the round-robin order, skipping doctors not working or already taken.
 */
export async function bookAppointment(ctx: Ctx, request: BookingRequest, now = new Date()): Promise<BookingResult> {
  const replay = await existingBooking(ctx, request);
  if (replay) return { kind: 'booked', appointment: replay };
  const start = toUtcIso(request.start);
  if (!withinWindow(ctx, start, now)) {
    return { kind: 'invalid', errors: { start: 'Choose a time from the list: it must be at least an hour ahead and within the booking horizon.' } };
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
  const counter = await withRetry(() => nextRoundRobinCounter(ctx.db, specialty));
  const { order, start } = rotation(doctors, counter);
  const assignment: Assignment = { mode: 'any', counter, startIndex: start.index, candidates: order.length, skipped: [] };
  for (const doctor of order) {
    const schedule = await getSchedule(ctx.db, doctor.id);
    const slot = schedule.plan && planOffers(schedule.plan, schedule.leave, request.start, ctx.config.timeZone);
    if (!slot) {
      assignment.skipped!.push({ doctorId: doctor.id, reason: 'not working' });
      continue;
    }
    const outcome = await attempt(ctx, request, doctor, slot, assignment);
    if (outcome.kind !== 'slot-taken') return outcome;
    assignment.skipped!.push({ doctorId: doctor.id, reason: 'slot taken' });
  }
  return { kind: 'no-doctor-free' };
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

/** Up to six free slots of the doctor nearest to the wanted time, over the next week. */
async function nearestFreeSlots(ctx: Ctx, doctorId: string, wanted: string, now: Date): Promise<Slot[]> {
  const first = DateTime.fromISO(wanted, { zone: ctx.config.timeZone });
  const days = Array.from({ length: 7 }, (_, i) => first.plus({ days: i }).toISODate()!);
  const free = (await Promise.all(days.map((day) => freeSlotsForDoctor(ctx, doctorId, day, now)))).flat();
  const distance = (slot: Slot) => Math.abs(DateTime.fromISO(slot.start).toMillis() - first.toMillis());
  return free.sort((a, b) => distance(a) - distance(b)).slice(0, 6).sort((a, b) => a.start.localeCompare(b.start));
}

/** An appointment the user may see: the patient's own, the assigned doctor's, or any for admins. */
export async function appointmentFor(ctx: Ctx, user: User, appointmentId: string): Promise<Appointment> {
  const appointment = await getAppointment(ctx.db, appointmentId);
  const allowed = appointment && (user.role === 'admin' || appointment.patientId === user.id || appointment.doctorId === user.id);
  // Someone else's appointment answers exactly like a missing one.
  if (!allowed) throw new NotFoundError('We could not find that appointment.');
  return appointment;
}

/** Patients may cancel up to the cut-off before the visit; doctors and admins any time before it starts. */
export function cancellableBy(ctx: Ctx, appointment: Appointment, role: string, now = new Date()): boolean {
  if (appointment.status !== 'booked' && appointment.status !== 'checked-in') return false;
  if (role !== 'patient') return true;
  return DateTime.fromJSDate(now) <= DateTime.fromISO(appointment.start).minus({ hours: ctx.config.booking.cancelCutoffHours });
}

/** Cancels for the patient (before the cut-off) or for staff (with a reason); frees the slot. */
export async function cancel(ctx: Ctx, user: User, appointmentId: string, reason: string | undefined, now = new Date()): Promise<Appointment> {
  const appointment = await appointmentFor(ctx, user, appointmentId);
  const by = user.role === 'admin' ? 'admin' : user.id === appointment.doctorId ? 'doctor' : 'patient';
  if (!cancellableBy(ctx, appointment, by, now)) {
    if (by === 'patient' && ACTIVE_STATUSES.has(appointment.status)) {
      throw new BadRequestError(`Appointments can be cancelled online up to ${ctx.config.booking.cancelCutoffHours} hours before. Please call the hospital.`);
    }
    throw new ConflictError(`This appointment is ${appointment.status} and can no longer be cancelled.`);
  }
  if (by !== 'patient' && !reason) throw new BadRequestError('Give the patient a reason for cancelling.');
  return withRetry(() => cancelAppointment(ctx.db, appointment, { by, userId: user.id, reason, at: now.toISOString() }));
}

export type RescheduleResult = { kind: 'moved'; appointment: Appointment } | Exclude<BookingResult, { kind: 'booked' | 'no-doctor-free' }>;

/**
 * Moves a booked visit to another free slot of the same doctor: patients up to the cut-off,
 * doctors and admins any time before it starts.
 */
export async function reschedule(ctx: Ctx, user: User, appointmentId: string, newStart: string, now = new Date()): Promise<RescheduleResult> {
  const appointment = await appointmentFor(ctx, user, appointmentId);
  const role = user.role === 'admin' ? 'admin' : user.id === appointment.doctorId ? 'doctor' : 'patient';
  if (appointment.status !== 'booked') throw new ConflictError(`This appointment is ${appointment.status} and can no longer be moved.`);
  if (!cancellableBy(ctx, appointment, role, now)) {
    throw new BadRequestError(`Appointments can be moved online up to ${ctx.config.booking.cancelCutoffHours} hours before. Please call the hospital.`);
  }
  const start = toUtcIso(newStart);
  const schedule = await getSchedule(ctx.db, appointment.doctorId);
  const slot = schedule.plan && planOffers(schedule.plan, schedule.leave, start, ctx.config.timeZone);
  if (!slot || !withinWindow(ctx, start, now)) return { kind: 'invalid', errors: { start: 'Choose a new time from the list.' } };
  if (slot.start === appointment.start) return { kind: 'invalid', errors: { start: 'That is the time you already have. Choose another.' } };
  const moved = { ...appointment, start: slot.start, end: slot.end, localDate: localDateOf(slot.start, ctx.config.timeZone) };
  const outcome = await withRetry(() => moveAppointment(ctx.db, appointment, moved));
  if (outcome === 'moved') return { kind: 'moved', appointment: { ...moved, version: appointment.version + 1 } };
  if (outcome === 'patient-busy') return { kind: 'patient-busy' };
  return { kind: 'slot-gone', alternatives: await nearestFreeSlots(ctx, appointment.doctorId, start, now) };
}

/** The first free slot of a doctor within the next `days` days, or undefined. */
export async function nextFreeSlot(ctx: Ctx, doctorId: string, now = new Date(), days = 14): Promise<Slot | undefined> {
  const schedule = await getSchedule(ctx.db, doctorId);
  const first = DateTime.fromJSDate(now).setZone(ctx.config.timeZone);
  for (let i = 0; schedule.plan && i < Math.min(days, ctx.config.booking.horizonDays + 1); i++) {
    const [slot] = await freeSlotsIn(ctx, schedule, first.plus({ days: i }).toISODate()!, now);
    if (slot) return slot;
  }
  return undefined;
}
