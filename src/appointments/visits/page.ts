/** The pages of one visit: the visit itself, with the actions open to the viewer now, and moving it. */
import type { Response } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { ConflictError } from '../../platform/http/errors';
import type { FieldErrors } from '../../platform/validation';
import { getUserById, type User } from '../../users';
import { freeSlotsForDoctor, type OfferedSlot } from '../booking/availability';
import { PRESCRIPTION_ROWS } from '../doctor-day/schemas';
import { nextActions } from '../doctor-day/visit-steps';
import { describeAppointments } from '../presenter';
import type { Appointment } from '../types';
import { cancellableBy } from './service';

export async function renderAppointmentPage(
  deps: Deps,
  res: Response,
  appointment: Appointment,
  viewer: User,
  form: { errors?: FieldErrors; values?: Record<string, string> } = {},
) {
  const [described] = await describeAppointments(deps, [appointment]);
  // An archived visit (src/archive) lives in S3 now: it is shown, and only a rating can still be added.
  const open = !appointment.archived;
  const runsVisit = open && viewer.id === appointment.doctorId;
  res.render('appointments/visits/show', {
    title: 'Appointment',
    appointment: described,
    viewerRole: viewer.role,
    archived: !open,
    canCancel: open && cancellableBy(deps, appointment, viewer.role),
    visitActions: runsVisit ? nextActions(appointment).filter((a) => a !== 'complete') : [],
    canComplete: runsVisit && appointment.status === 'in-progress',
    patient: await patientDetailsFor(deps, appointment, viewer),
    canRate: viewer.id === appointment.patientId && appointment.status === 'completed' && !appointment.rating,
    prescriptionRows: PRESCRIPTION_ROWS,
    cutoffHours: deps.config.booking.cancelCutoffHours,
    errors: form.errors ?? {},
    values: form.values ?? {},
  });
}

/**
 * What the patient told their doctors (health details, emergency contact), for the visit's own
 * doctor only: the visit is what gives a doctor the right to read them. PHI: rendered, never logged.
 */
async function patientDetailsFor(deps: Deps, appointment: Appointment, viewer: User) {
  if (viewer.role !== 'doctor' || viewer.id !== appointment.doctorId) return undefined;
  const patient = await getUserById(deps.db, appointment.patientId);
  if (!patient) return undefined;
  const { dateOfBirth, gender, bloodGroup, health, emergencyContact } = patient;
  const born = dateOfBirth ? DateTime.fromISO(dateOfBirth) : undefined;
  const age = born && Math.floor(DateTime.now().setZone(deps.config.timeZone).diff(born, 'years').years);
  return { born: born && `${born.toFormat('d LLL yyyy')} (age ${age})`, gender, bloodGroup, health, emergencyContact };
}

/** The free times of the visit's doctor on `date`, or the nearest ones after a clash. */
export async function renderReschedulePage(deps: Deps, res: Response, appointment: Appointment, date: string, page: { errors?: FieldErrors; alternatives?: OfferedSlot[] } = {}) {
  if (appointment.status !== 'booked') throw new ConflictError(`This appointment is ${appointment.status} and can no longer be moved.`);
  const [described] = await describeAppointments(deps, [appointment]);
  const today = DateTime.now().setZone(deps.config.timeZone);
  res.render('appointments/visits/reschedule', {
    title: 'Move your appointment',
    appointment: described,
    date,
    slots: page.alternatives ?? (await freeSlotsForDoctor(deps, appointment.doctorId, date)),
    showingAlternatives: Boolean(page.alternatives),
    minDate: today.toISODate(),
    maxDate: today.plus({ days: deps.config.booking.horizonDays }).toISODate(),
    errors: page.errors ?? {},
  });
}
