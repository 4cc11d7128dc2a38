/** HTTP for admins: every appointment of a day with filters, and reassigning one. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Deps } from '../deps';
import { listHospitals, listSpecialties } from '../directory';
import { flash } from '../platform/session/flash';
import { parseForm } from '../platform/validation';
import { fullName, listDoctorsByApproval } from '../users';
import { appointmentsForAdmin, bookedAppointment, reassign, reassignmentCandidates } from './admin-service';
import { appointmentIdParam } from './handlers';
import { describeAppointments } from './presenter';
import { STATUSES } from './types';

const optionalSlug = z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined);
const filtersSchema = z.object({
  date: z.iso.date().optional().catch(undefined),
  specialty: optionalSlug,
  hospital: optionalSlug,
  doctor: z.uuid().optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
});
const reassignSchema = z.object({ doctorId: z.uuid('Choose a doctor from the list') });

export function adminAppointmentHandlers(deps: Deps) {
  const today = () => DateTime.now().setZone(deps.config.timeZone).toISODate()!;

  async function renderReassign(res: Response, appointmentId: string, error?: string) {
    const appointment = await bookedAppointment(deps, appointmentId);
    const [[described], candidates] = await Promise.all([describeAppointments(deps, [appointment]), reassignmentCandidates(deps, appointment)]);
    res.render('appointments/admin-reassign', { title: 'Reassign appointment', appointment: described, candidates, fullName, error });
  }

  return {
    async list(req: Request, res: Response) {
      const parsed = filtersSchema.parse(req.query);
      const filters = { ...parsed, date: parsed.date ?? today() };
      const [appointments, specialties, hospitals, doctors] = await Promise.all([
        appointmentsForAdmin(deps, filters),
        listSpecialties(deps.db),
        listHospitals(deps.db),
        listDoctorsByApproval(deps.db, 'approved'),
      ]);
      res.render('appointments/admin-list', { title: 'Appointments', filters, appointments, specialties, hospitals, doctors: doctors.items, statuses: STATUSES, fullName });
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
