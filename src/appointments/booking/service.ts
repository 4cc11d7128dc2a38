/** Booking: fair assignment and one transaction per booking, deduplicated by the form's key. */
import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { withRetry } from '../../platform/db/retry';
import { ConflictError } from '../../platform/http/errors';
import type { User } from '../../users';
import { findByIdempotencyKey, getAppointment, insertAppointment, listAppointmentsForDoctorOnDay, nextRoundRobinCounter, type InsertOutcome } from '../repository';
import { offerOrder } from './round-robin';
import { localDateOf, planOffers, toUtcIso, type Slot } from '../schedule/plan';
import { getSchedule, type Schedule } from '../schedule/repository';
import type { Appointment, Assignment, Ctx } from '../types';
import { ACTIVE_STATUSES, nearestFreeSlots, requireBookableDoctor, withinWindow } from './availability';
import type { DoctorView, Visit } from './day-board';
import { appointmentNotices } from '../notices';
import { nextReminderAt } from '../reminders/times';
import { releaseStalePlaces } from './places';

export interface BookingRequest {
  patient: User;
  /** A named doctor, or "any doctor" of a specialty. */
  doctorId?: string;
  specialty?: string;
  start: string;
  reason: string;
  idempotencyKey: string;
  /** Booked by the waitlist assigner: the patient is told their wait-list request is booked. */
  fromWaitlist?: boolean;
}

export type BookingResult =
  | { kind: 'booked'; appointment: Appointment }
  | { kind: 'slot-gone'; alternatives: Slot[] }
  | { kind: 'no-doctor-free' }
  | { kind: 'patient-busy' }
  /** The patient holds `max` active visits already (see places.ts). */
  | { kind: 'too-many'; max: number }
  | { kind: 'invalid'; errors: Record<string, string> };

/**
 * Books a visit. A replayed form (same idempotency key) returns the appointment it already made;
 * "any doctor" walks the round-robin order, skipping doctors not working or already taken.
 */
export async function bookAppointment(ctx: Ctx, request: BookingRequest, now = new Date()): Promise<BookingResult> {
  try {
    const outcome = await tryToBook(ctx, request, now);
    if (outcome.kind === 'booked') return counted(ctx, 'booked', outcome);
    // Replays are rare, so the key is looked up only when booking did not succeed.
    const replay = await existingBooking(ctx, request);
    if (replay) return counted(ctx, 'replayed', { kind: 'booked', appointment: replay });
    if (outcome.kind === 'key-used') throw new ConflictError(FORM_USED);
    return counted(ctx, outcome.kind, outcome);
  } catch (error) {
    ctx.metrics?.bookingOutcomes.inc({ outcome: error instanceof ConflictError ? 'key-used' : 'failed' });
    throw error;
  }
}

function counted<T extends BookingResult>(ctx: Ctx, outcome: string, result: T): T {
  ctx.metrics?.bookingOutcomes.inc({ outcome });
  return result;
}

const FORM_USED = 'This booking form was already used. Please start a new booking.';

type Outcome = BookingResult | { kind: 'key-used' };

async function tryToBook(ctx: Ctx, request: BookingRequest, now: Date): Promise<Outcome> {
  const start = toUtcIso(request.start);
  if (!withinWindow(ctx, start, now)) {
    const { minNoticeMinutes, horizonDays } = ctx.config.booking;
    return { kind: 'invalid', errors: { start: `Choose a time from the list: at least ${minNoticeMinutes} minutes ahead and within ${horizonDays} days.` } };
  }
  return request.doctorId ? bookNamedDoctor(ctx, { ...request, start }, now) : bookAnyDoctor(ctx, { ...request, start }, now);
}

async function existingBooking(ctx: Ctx, request: BookingRequest): Promise<Appointment | undefined> {
  const previous = await findByIdempotencyKey(ctx.db, request.idempotencyKey);
  if (!previous) return undefined;
  if (previous.patientId !== request.patient.id) throw new ConflictError(FORM_USED);
  return getAppointment(ctx.db, previous.appointmentId);
}

async function bookNamedDoctor(ctx: Ctx, request: BookingRequest, now: Date): Promise<Outcome> {
  const doctor = await requireBookableDoctor(ctx, request.doctorId!);
  const schedule = await getSchedule(ctx.db, doctor.id);
  const slot = schedule.plan && planOffers(schedule.plan, schedule.leave, request.start, ctx.config.timeZone);
  if (!slot) return { kind: 'invalid', errors: { start: `Dr ${doctor.lastName} does not see patients at that time. Choose a time from the list.` } };
  const outcome = await attempt(ctx, request, doctor, slot, { mode: 'named' }, now);
  if (outcome.kind !== 'slot-taken') return outcome;
  return { kind: 'slot-gone', alternatives: await nearestFreeSlots(ctx, doctor.id, request.start, now) };
}

async function bookAnyDoctor(ctx: Ctx, request: BookingRequest, now: Date): Promise<Outcome> {
  const specialty = request.specialty!;
  const board = ctx.dayBoard;
  const [counter, views] = await Promise.all([
    withRetry(() => nextRoundRobinCounter(ctx.db, specialty)),
    board.specialtyOn(specialty, localDateOf(request.start, ctx.config.timeZone)),
  ]);
  if (!views.length) return { kind: 'invalid', errors: { specialty: 'This specialty is coming soon: no doctor takes online appointments yet. Choose another specialty.' } };
  // The view changes while candidates are tried: each is looked at again right before holding.
  const moment = momentOf(ctx, request.start);
  const dayOf = (view: DoctorView) => dayAt(ctx, { ...view, visits: board.visitsOf(view) }, moment);
  const days = views.map((view) => ({ view, ...dayOf(view) }));
  const since = balancedSince(days);
  const loads = days.map((day) => ({ ...day, load: day.visits.filter((a) => a.start >= since).length }));
  const { order, start } = offerOrder(loads, counter);
  const assignment: Assignment = { mode: 'any', counter, startIndex: start.index, candidates: order.length, skipped: [] };
  for (const candidate of order) {
    const { slot, busy } = dayOf(candidate.view);
    if (!slot || busy) {
      assignment.skipped!.push({ doctorId: candidate.id, reason: slot ? 'slot taken' : 'not working' });
      continue;
    }
    const held = board.hold(candidate.view, slot);
    const outcome = await attempt(ctx, request, candidate.doctor, slot, { ...assignment, dayLoad: candidate.load }, now);
    held.settle(outcome.kind === 'booked' ? { booked: outcome.appointment } : outcome.kind === 'slot-taken' ? 'taken' : 'failed');
    if (outcome.kind !== 'slot-taken') return outcome;
    assignment.skipped!.push({ doctorId: candidate.id, reason: 'slot taken' });
  }
  return { kind: 'no-doctor-free' };
}

/** For one doctor, read afresh: the plan's slot at that time (if any), whether it is taken, the day's visits. */
export async function doctorDay(ctx: Ctx, doctor: User, start: string) {
  const localDate = localDateOf(start, ctx.config.timeZone);
  const [schedule, visits] = await Promise.all([getSchedule(ctx.db, doctor.id), listAppointmentsForDoctorOnDay(ctx.db, doctor.id, localDate)]);
  return dayAt(ctx, { doctor, schedule, visits }, momentOf(ctx, start));
}

/** The instant asked for, and the start of its local day (computed once per request). */
interface Moment {
  start: string;
  dayStart: string;
}

function momentOf(ctx: Ctx, start: string): Moment {
  return { start, dayStart: DateTime.fromISO(start, { zone: ctx.config.timeZone }).startOf('day').toUTC().toISO()! };
}

function dayAt(ctx: Ctx, { doctor, schedule, visits: known }: { doctor: User; schedule: Schedule; visits: Visit[] }, moment: Moment) {
  const { start } = moment;
  const slot = schedule.plan ? planOffers(schedule.plan, schedule.leave, start, ctx.config.timeZone) : undefined;
  const visits = known.filter((a) => a.status !== 'cancelled');
  const busy = Boolean(slot) && visits.some((a) => ACTIVE_STATUSES.has(a.status) && a.start < slot!.end && slot!.start < a.end);
  // Leave that ended earlier that day: loads are compared only from the last such return.
  const returnedAt = schedule.leave.map((l) => l.endsAt).filter((end) => end > moment.dayStart && end <= start);
  return { id: doctor.id, doctor, slot, busy, visits, returnedAt };
}

/** Loads are compared from the moment every candidate was last available that day ('' = all day). */
function balancedSince(days: { returnedAt: string[] }[]): string {
  return days.flatMap((d) => d.returnedAt).reduce((latest, end) => (end > latest ? end : latest), '');
}

type Attempt = Outcome | { kind: 'slot-taken' };

/** One token per (form, doctor, slot, try): see `attempt`. */
const tokenOf = (...parts: string[]) => createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 36);

async function attempt(ctx: Ctx, request: BookingRequest, doctor: User, slot: Slot, assignment: Assignment, now: Date): Promise<Attempt> {
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
    holdsPlace: true,
    reason: request.reason,
    assignment: { ...assignment, skipped: assignment.skipped ? [...assignment.skipped] : undefined },
    nextReminderAt: nextReminderAt(slot.start, ctx.config.notifications.reminderOffsetsMs, now),
    version: 1,
    createdAt: new Date().toISOString(),
  };
  const hospitalName = await ctx.dayBoard.hospitalName(appointment.hospitalId);
  const notices = appointmentNotices(ctx.config, request.fromWaitlist ? 'waitlist-booked' : 'booked', { appointment, patient: request.patient, doctor, hospitalName });
  const max = ctx.config.booking.maxActivePerPatient;
  // One token per (form, doctor, slot): an SDK retry of this very write is deduped by DynamoDB,
  // while trying another doctor or time under the same form never reuses a token (refused).
  const insert = (...retry: string[]) =>
    withRetry(() => insertAppointment(ctx.db, appointment, request.idempotencyKey, tokenOf(request.idempotencyKey, doctor.id, slot.start, ...retry), notices, max));
  let outcome: InsertOutcome = await insert();
  // No place left: places still held by visits of past days go back, then one more try.
  if (outcome === 'too-many' && (await releaseStalePlaces(ctx, request.patient.id, now)) > 0) outcome = await insert('after-release');
  if (outcome === 'too-many') return { kind: 'too-many', max };
  if (outcome === 'booked') {
    ctx.outbox?.kick();
    return { kind: 'booked', appointment };
  }
  if (outcome === 'slot-taken') return { kind: 'slot-taken' };
  if (outcome === 'patient-busy') return { kind: 'patient-busy' };
  return { kind: 'key-used' };
}
