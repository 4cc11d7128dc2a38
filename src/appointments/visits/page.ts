/** The pages of one visit: the visit itself, with the actions open to the viewer now, and moving it. */
import type { Response } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { ConflictError } from '../../platform/http/errors';
import type { FieldErrors } from '../../platform/validation';
import { getUserById, type User } from '../../users';
import { freeSlotsForDoctor, type OfferedSlot } from '../booking/availability';
import { MAX_PRESCRIPTION_ROWS, rowCount } from '../doctor-day/prescription-rows';
import { checkInOpensAt, nextActions } from '../doctor-day/visit-steps';
import { describeAppointments } from '../presenter';
import { visitRecordView } from '../visit-record/view';
import { cancellationNote, STATUS_PHRASES } from '../words';
import type { Appointment } from '../types';
import { cancellableBy, cancellerOf } from './service';

export async function renderAppointmentPage(
  deps: Deps,
  res: Response,
  appointment: Appointment,
  viewer: User,
  form: { errors?: FieldErrors; values?: Record<string, string>; rows?: number; correcting?: boolean } = {},
) {
  const [described] = await describeAppointments(deps, [appointment]);
  const record = visitRecordView(appointment, viewer, form);
  // An archived visit (src/archive) lives in S3 now: it is shown, and only a rating can still be added.
  const open = !appointment.archived;
  const runsVisit = open && viewer.id === appointment.doctorId;
  res.render('appointments/visits/show', {
    title: 'Appointment',
    appointment: described,
    viewerRole: viewer.role,
    archived: !open,
    cancellationNote: appointment.cancellation && cancellationNote(appointment.cancellation, viewer.id),
    canCancel: open && cancellableBy(deps, appointment, viewer.role),
    visitActions: runsVisit ? nextActions(appointment, deps.config.booking.checkInOpensMinutes).filter((a) => a !== 'complete') : [],
    checkInOpensAt: runsVisit && appointment.status === 'booked' ? checkInOpensAt(appointment, deps.config.booking.checkInOpensMinutes).toISO() : undefined,
    canComplete: runsVisit && appointment.status === 'in-progress',
    patient: await patientDetailsFor(deps, appointment, viewer),
    canRate: viewer.id === appointment.patientId && appointment.status === 'completed' && !appointment.rating,
    prescriptionRows: form.rows ?? rowCount(form.values ?? {}),
    maxPrescriptionRows: MAX_PRESCRIPTION_ROWS,
    cutoffHours: deps.config.booking.cancelCutoffHours,
    errors: form.errors ?? {},
    values: form.values ?? record.recordValues ?? {},
    ...record,
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
  if (appointment.status !== 'booked') throw new ConflictError(`This appointment is ${STATUS_PHRASES[appointment.status]} and can no longer be moved.`);
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

/**
 * The step before cancelling: what will happen and who is told, then a button that confirms. It
 * answers like the cancel itself (not found, too late, already over) when the visit cannot be cancelled.
 */
export async function renderCancelPage(deps: Deps, res: Response, appointment: Appointment, viewer: User, form: { errors?: FieldErrors; values?: Record<string, string> } = {}) {
  const by = cancellerOf(deps, viewer, appointment);
  const [described] = await describeAppointments(deps, [appointment]);
  res.render('appointments/visits/cancel', {
    title: 'Cancel the appointment',
    appointment: described,
    by,
    errors: form.errors ?? {},
    values: form.values ?? {},
  });
}
