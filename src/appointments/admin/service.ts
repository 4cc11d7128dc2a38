/** What admins do with appointments: see every one of a day, and hand one to another doctor. */
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { listHospitals, listSpecialties } from '../../directory';
import { withRetry } from '../../platform/db/retry';
import { ConflictError, NotFoundError } from '../../platform/http/errors';
import { getUserById, listDoctorsByApproval, type User } from '../../users';
import { allBookableDoctors } from '../booking/availability';
import { doctorDay } from '../booking/service';
import { describeAppointments } from '../presenter';
import { reassignmentNotices } from './notices';
import { getAppointment, listAppointmentsOnDay, reassignAppointment } from '../repository';
import { STATUSES, type Appointment, type AppointmentStatus } from '../types';
import { STATUS_LABELS, STATUS_PHRASES } from '../words';

type Ctx = Pick<Deps, 'db' | 'config' | 'dayBoard'> & Partial<Pick<Deps, 'outbox'>>;

export interface AppointmentFilters {
  /** Default: today in the hospital's zone. */
  date?: string;
  specialty?: string;
  hospital?: string;
  doctor?: string;
  status?: AppointmentStatus;
}

/** One day's appointments (a Query on the day index), narrowed by the other filters. */
export async function appointmentsForAdmin(ctx: Ctx, filters: AppointmentFilters & { date: string }) {
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

/** The admin's list page: the day's appointments as filtered, and the choices of each filter. */
export async function adminListPage(ctx: Ctx, asked: AppointmentFilters) {
  const filters = { ...asked, date: asked.date ?? DateTime.now().setZone(ctx.config.timeZone).toISODate()! };
  const [appointments, specialties, hospitals, doctors] = await Promise.all([
    appointmentsForAdmin(ctx, filters),
    listSpecialties(ctx.db),
    listHospitals(ctx.db),
    listDoctorsByApproval(ctx.db, 'approved'),
  ]);
  return { filters, appointments, specialties, hospitals, doctors: doctors.items, statuses: STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })) };
}

/** The reassign page: the visit, named, and the doctors it may go to. */
export async function reassignPage(ctx: Ctx, appointmentId: string) {
  const appointment = await bookedAppointment(ctx, appointmentId);
  const [[described], candidates] = await Promise.all([describeAppointments(ctx, [appointment]), reassignmentCandidates(ctx, appointment)]);
  return { appointment: described, candidates };
}

/** Doctors of the same specialty who work at that time and are free then. */
export async function reassignmentCandidates(ctx: Ctx, appointment: Appointment): Promise<User[]> {
  const doctors = (await allBookableDoctors(ctx, appointment.specialty)).filter((d) => d.id !== appointment.doctorId);
  const days = await Promise.all(doctors.map((d) => doctorDay(ctx, d, appointment.start)));
  return days.filter((day) => day.slot && !day.busy).map((day) => day.doctor);
}

export async function bookedAppointment(ctx: Ctx, appointmentId: string): Promise<Appointment> {
  const appointment = await getAppointment(ctx.db, appointmentId);
  if (!appointment) throw new NotFoundError('We could not find that appointment.');
  if (appointment.status !== 'booked') throw new ConflictError(`This appointment is ${STATUS_PHRASES[appointment.status]} and can no longer be reassigned.`);
  return appointment;
}

/** Said on the reassign form, which shows the doctors free now. */
const NOT_FREE = 'That doctor is not free at this time any more. Choose another.';
const notFree = () => new ConflictError(NOT_FREE, { form: NOT_FREE });

/**
 * Hands a booked appointment to another eligible doctor; the record says who did it and from whom,
 * and the patient and both doctors are told in the same transaction.
 */
export async function reassign(ctx: Ctx, admin: User, appointmentId: string, doctorId: string): Promise<Appointment> {
  const appointment = await bookedAppointment(ctx, appointmentId);
  const doctor = await getUserById(ctx.db, doctorId);
  const eligible = doctor && (await reassignmentCandidates(ctx, appointment)).some((d) => d.id === doctor.id);
  if (!doctor || !eligible) throw notFree();
  const reassigned: Appointment = {
    ...appointment,
    doctorId: doctor.id,
    hospitalId: doctor.doctor!.hospitalId,
    assignment: { mode: 'reassigned', by: admin.id, fromDoctorId: appointment.doctorId },
  };
  const after = { ...reassigned, version: appointment.version + 1 };
  const notices = await reassignmentNotices(ctx, after, appointment.doctorId);
  if (!(await withRetry(() => reassignAppointment(ctx.db, appointment, reassigned, notices)))) {
    throw notFree();
  }
  ctx.dayBoard.forgetDay(appointment.doctorId, appointment.localDate);
  ctx.dayBoard.forgetDay(doctor.id, appointment.localDate);
  ctx.outbox?.kick();
  return after;
}
