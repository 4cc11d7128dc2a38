/** HTTP for one's visits: the patient's list, a visit's page, cancelling (after a confirmation page) and moving it. */
import type { Request, Response } from 'express';
import { audited } from '../../audit';
import type { Deps } from '../../deps';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { bookedOrRefused, SlotGoneError } from '../booking/refusals';
import { renderAppointmentPage, renderCancelPage, renderReschedulePage } from './page';
import { appointmentIdParam, cancelAppointmentSchema, listCursorsSchema, rescheduleQuerySchema, rescheduleSchema } from './schemas';
import { appointmentFor, cancel, patientAppointments, reschedule, visibleVisit, type ArchivedVisitReader } from './service';

/** Why a move did not happen, as the reschedule page words it. */
const NOT_MOVED = {
  'slot-gone': 'Sorry, that time was just taken. Here are the nearest free times.',
  'patient-busy': 'You already have another appointment at that time.',
};

export function visitHandlers(deps: Deps, readArchived: ArchivedVisitReader) {
  return {
    async listMine(req: Request, res: Response) {
      const cursors = listCursorsSchema.parse(req.query);
      res.render('appointments/visits/index', { title: 'Your appointments', ...(await patientAppointments(deps, req.user!.id, cursors)) });
    },

    /** The visit's medical details (diagnosis, prescriptions, the patient's health details): one audit event per view, shown only once it is stored. */
    async show(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const target = { action: 'view', resourceType: 'visit', resourceId: appointmentId, patientId: (visit: { patientId: string }) => visit.patientId };
      const visit = await audited(deps, req, target, () => visibleVisit(deps, readArchived, req.user!, appointmentId));
      await renderAppointmentPage(deps, res, visit, req.user!);
    },

    async cancelForm(req: Request, res: Response) {
      await renderCancelPage(deps, res, await appointmentFor(deps, req.user!, appointmentIdParam(req)), req.user!);
    },

    /** A refused reason shows the confirmation page again, with what was typed. */
    cancel: withFormErrors(
      async (req, res, { values, errors }) => renderCancelPage(deps, res, await appointmentFor(deps, req.user!, appointmentIdParam(req)), req.user!, { values, errors }),
      async (req, res) => {
        const appointmentId = appointmentIdParam(req);
        const { reason } = validForm(cancelAppointmentSchema, req.body, { multiline: ['reason'] });
        await cancel(deps, req.user!, appointmentId, reason);
        flash(req, 'success', 'The appointment is cancelled.');
        res.redirect(303, `/appointments/${appointmentId}`);
      },
    ),

    async rescheduleForm(req: Request, res: Response) {
      const appointment = await appointmentFor(deps, req.user!, appointmentIdParam(req));
      await renderReschedulePage(deps, res, appointment, rescheduleQuerySchema.parse(req.query).date ?? appointment.localDate);
    },

    /** A refusal shows the visit's day again; a time just taken, the nearest free ones instead. */
    reschedule: withFormErrors(
      async (req, res, { errors, error }) => {
        const appointment = await appointmentFor(deps, req.user!, appointmentIdParam(req));
        await renderReschedulePage(deps, res, appointment, appointment.localDate, { errors, alternatives: error instanceof SlotGoneError ? error.alternatives : undefined });
      },
      async (req, res) => {
        const appointmentId = appointmentIdParam(req);
        const { start } = validForm(rescheduleSchema, req.body);
        bookedOrRefused(await reschedule(deps, req.user!, appointmentId, start), NOT_MOVED);
        flash(req, 'success', 'Your appointment has been moved.');
        res.redirect(303, `/appointments/${appointmentId}`);
      },
    ),
  };
}
