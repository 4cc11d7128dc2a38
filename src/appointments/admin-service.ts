/** What admins do with appointments: see every one of a day, and hand one to another doctor. */
import type { Deps } from '../deps';
import { withRetry } from '../platform/db/retry';
import { ConflictError, NotFoundError } from '../platform/http/errors';
import { getUserById, listBookableDoctorsBySpecialty, type User } from '../users';
import { describeAppointments } from './presenter';
import { getAppointment, listAppointmentsForDoctorOnDay, listAppointmentsOnDay, reassignAppointment } from './repository';
import { planOffers } from './schedule';
import { getSchedule } from './schedule-repository';
import { ACTIVE_STATUSES } from './service';
import type { Appointment, AppointmentStatus } from './types';

type Ctx = Pick<Deps, 'db' | 'config'>;

export interface AppointmentFilters {
  date: string;
  specialty?: string;
  hospital?: string;
  doctor?: string;
  status?: AppointmentStatus;
}

/** One day's appointments (a Query on the day index), narrowed by the other filters. */
export async function appointmentsForAdmin(ctx: Ctx, filters: AppointmentFilters) {
  const day = await listAppointmentsOnDay(ctx.db, filters.date);
  const matching = day.filter(
    (a) =>
      (!filters.specialty || a.specialty === filters.specialty) &&
      (!filters.hospital || a.hospitalId === filters.hospital) &&
      (!filters.doctor || a.doctorId === filters.doctor) &&
      (!filters.status || a.status === filters.status),
  );
  return describeAppointments(ctx, matching);
}

/** Doctors of the same specialty who work at that time and are free then. */
export async function reassignmentCandidates(ctx: Ctx, appointment: Appointment): Promise<User[]> {
  const doctors = (await listBookableDoctorsBySpecialty(ctx.db, appointment.specialty)).items.filter((d) => d.id !== appointment.doctorId);
  const free = await Promise.all(doctors.map((d) => isFreeAt(ctx, d.id, appointment)));
  return doctors.filter((_d, i) => free[i]);
}

async function isFreeAt(ctx: Ctx, doctorId: string, appointment: Appointment): Promise<boolean> {
  const [schedule, sameDay] = await Promise.all([getSchedule(ctx.db, doctorId), listAppointmentsForDoctorOnDay(ctx.db, doctorId, appointment.localDate)]);
  const works = schedule.plan && planOffers(schedule.plan, schedule.leave, appointment.start, ctx.config.timeZone);
  return Boolean(works) && !sameDay.some((a) => ACTIVE_STATUSES.has(a.status) && a.start < appointment.end && appointment.start < a.end);
}

export async function bookedAppointment(ctx: Ctx, appointmentId: string): Promise<Appointment> {
  const appointment = await getAppointment(ctx.db, appointmentId);
  if (!appointment) throw new NotFoundError('We could not find that appointment.');
  if (appointment.status !== 'booked') throw new ConflictError(`This appointment is ${appointment.status} and can no longer be reassigned.`);
  return appointment;
}

/** Hands a booked appointment to another eligible doctor; the record says who did it and from whom. */
export async function reassign(ctx: Ctx, admin: User, appointmentId: string, doctorId: string): Promise<Appointment> {
  const appointment = await bookedAppointment(ctx, appointmentId);
  const doctor = await getUserById(ctx.db, doctorId);
  const eligible = doctor && (await reassignmentCandidates(ctx, appointment)).some((d) => d.id === doctor.id);
  if (!doctor || !eligible) throw new ConflictError('That doctor is not free at this time any more. Choose another.');
  const reassigned: Appointment = {
    ...appointment,
    doctorId: doctor.id,
    hospitalId: doctor.doctor!.hospitalId,
    assignment: { mode: 'reassigned', by: admin.id, fromDoctorId: appointment.doctorId },
  };
  if (!(await withRetry(() => reassignAppointment(ctx.db, appointment, reassigned)))) {
    throw new ConflictError('That doctor is not free at this time any more. Choose another.');
  }
  return { ...reassigned, version: appointment.version + 1 };
}
