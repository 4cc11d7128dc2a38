/** Renders one appointment for whoever may see it, with the actions open to them now. */
import type { Response } from 'express';
import type { Deps } from '../deps';
import type { FieldErrors } from '../platform/validation';
import type { User } from '../users';
import { describeAppointments } from './presenter';
import { cancellableBy } from './service';
import type { Appointment } from './types';
import { nextActions } from './visit';
import { PRESCRIPTION_ROWS } from './visit-schemas';

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
  res.render('appointments/show', {
    title: 'Appointment',
    appointment: described,
    viewerRole: viewer.role,
    archived: !open,
    canCancel: open && cancellableBy(deps, appointment, viewer.role),
    visitActions: runsVisit ? nextActions(appointment).filter((a) => a !== 'complete') : [],
    canComplete: runsVisit && appointment.status === 'in-progress',
    canRate: viewer.id === appointment.patientId && appointment.status === 'completed' && !appointment.rating,
    prescriptionRows: PRESCRIPTION_ROWS,
    cutoffHours: deps.config.booking.cancelCutoffHours,
    errors: form.errors ?? {},
    values: form.values ?? {},
  });
}
