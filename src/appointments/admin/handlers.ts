/** HTTP for admins: every appointment of a day with filters, and reassigning one. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { fullName } from '../../users';
import { appointmentIdParam } from '../visits/schemas';
import { adminFiltersSchema, reassignSchema } from './schemas';
import { adminListPage, reassign, reassignPage } from './service';

export function adminAppointmentHandlers(deps: Deps) {
  async function renderReassign(res: Response, appointmentId: string, error?: string) {
    res.render('appointments/admin/reassign', { title: 'Reassign appointment', ...(await reassignPage(deps, appointmentId)), fullName, error });
  }

  return {
    async list(req: Request, res: Response) {
      res.render('appointments/admin/list', { title: 'Appointments', ...(await adminListPage(deps, adminFiltersSchema.parse(req.query))), fullName });
    },

    reassignForm: (req: Request, res: Response) => renderReassign(res, appointmentIdParam(req)),

    /** A doctor no longer free (or none chosen) shows the page again, with today's free doctors. */
    reassign: withFormErrors(
      (req, res, { errors }) => renderReassign(res, appointmentIdParam(req), errors.form ?? errors.doctorId),
      async (req, res) => {
        const { doctorId } = validForm(reassignSchema, req.body);
        const appointment = await reassign(deps, req.user!, appointmentIdParam(req), doctorId);
        flash(req, 'success', 'The appointment has a new doctor.');
        res.redirect(303, `/appointments/${appointment.id}`);
      },
    ),
  };
}
