/** HTTP for admins: every appointment of a day with filters, and reassigning one. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { flash } from '../../platform/session/flash';
import { parseForm } from '../../platform/validation';
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

    async reassign(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseForm(reassignSchema, req.body);
      if (!form.ok) return renderReassign(res.status(422), appointmentId, 'Choose a doctor from the list.');
      const appointment = await reassign(deps, req.user!, appointmentId, form.data.doctorId);
      flash(req, 'success', 'The appointment has a new doctor.');
      res.redirect(303, `/appointments/${appointment.id}`);
    },
  };
}
