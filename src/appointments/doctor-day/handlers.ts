/** HTTP for the doctor's day (the page and its live numbers) and the steps of a visit. */
import type { Request, Response } from 'express';
import { audited } from '../../audit';
import type { Deps } from '../../deps';
import { ValidationError } from '../../platform/http/errors';
import { STATUS_LABELS } from '../words';
import { withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { formValues } from '../../platform/validation';
import { renderAppointmentPage } from '../visits/page';
import { appointmentIdParam } from '../visits/schemas';
import type { Appointment } from '../types';
import { rowChange } from './prescription-rows';
import { dayQuerySchema, parseCompletion } from './schemas';
import { awaitingApprovalPage, dayFilters, doctorDay, doctorDayPage } from './service';
import { advanceVisit, ownVisit, type VisitAction } from './visit-steps';

const STEP_DONE = { 'check-in': 'Patient checked in.', start: 'Consultation started.', 'no-show': 'Marked as no-show.' };

export function doctorDayHandlers(deps: Deps) {
  return {
    async showDay(req: Request, res: Response) {
      const user = req.user!;
      if (user.doctor!.approval !== 'approved') {
        return res.render('appointments/doctor-day/awaiting-approval', { title: 'Your practice', user, ...(await awaitingApprovalPage(deps, user)) });
      }
      const { date, specialty } = await dayFilters(deps, dayQuerySchema.parse(req.query));
      res.render('appointments/doctor-day/day', { title: 'My day', user, ...(await doctorDayPage(deps, user, date, specialty)) });
    },

    /** The numbers the day page refreshes every 15 seconds. */
    async dayData(req: Request, res: Response) {
      const { date, specialty } = await dayFilters(deps, dayQuerySchema.parse(req.query));
      const { appointments, stats, flow } = await doctorDay(deps, req.user!, date, specialty?.slug);
      res.json({ date, specialty: specialty?.slug, stats, flow, statuses: appointments.map((a) => ({ id: a.id, status: a.status, label: STATUS_LABELS[a.status] })) });
    },

    visitStep: (action: Exclude<VisitAction, 'complete'>) => async (req: Request, res: Response) => {
      const appointment = await advanceVisit(deps, req.user!, appointmentIdParam(req), action);
      flash(req, 'success', STEP_DONE[action]);
      res.redirect(303, action === 'start' ? `/appointments/${appointment.id}` : `/doctor?date=${appointment.localDate}`);
    },

    complete: withFormErrors(
      async (req, res, { values, errors }) => renderAppointmentPage(deps, res, await ownVisit(deps, req.user!, appointmentIdParam(req)), req.user!, { values, errors }),
      async (req, res) => {
        // "Add another medicine" or a row's "Remove", without JavaScript: the form again, rows changed.
        const rows = rowChange(formValues(req.body));
        if (rows) return renderAppointmentPage(deps, res, await ownVisit(deps, req.user!, appointmentIdParam(req)), req.user!, rows);
        const form = parseCompletion(req.body);
        if (!form.ok) throw new ValidationError(form.errors);
        // The visit record is written here: audited as its creation (addenda are its changes).
        const target = { action: 'create', resourceType: 'visit', resourceId: appointmentIdParam(req), patientId: (visit: Appointment) => visit.patientId };
        const appointment = await audited(deps, req, target, () => advanceVisit(deps, req.user!, appointmentIdParam(req), 'complete', form.data));
        flash(req, 'success', 'Visit completed. The patient can now see the diagnosis and prescription.');
        res.redirect(303, `/doctor?date=${appointment.localDate}`);
      },
    ),
  };
}
