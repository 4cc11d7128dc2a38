/** HTTP for one's visits: the patient's list, a visit's page, cancelling and moving it. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { flash } from '../../platform/session/flash';
import { parseForm } from '../../platform/validation';
import { renderAppointmentPage, renderReschedulePage } from './page';
import { appointmentIdParam, cancelAppointmentSchema, rescheduleQuerySchema, rescheduleSchema } from './schemas';
import { appointmentFor, cancel, patientAppointments, reschedule, visibleVisit, type ArchivedVisitReader, type RescheduleResult } from './service';

const NOT_MOVED = {
  'slot-gone': 'Sorry, that time was just taken. Here are the nearest free times.',
  'patient-busy': 'You already have another appointment at that time.',
};

/** Why a move did not happen, as the reschedule page shows it. */
function notMoved(result: Exclude<RescheduleResult, { kind: 'moved' }>) {
  if (result.kind === 'invalid') return { status: 422, errors: { start: Object.values(result.errors)[0] } };
  return { status: 409, errors: { start: NOT_MOVED[result.kind] }, alternatives: result.kind === 'slot-gone' ? result.alternatives : undefined };
}

export function visitHandlers(deps: Deps, readArchived: ArchivedVisitReader) {
  return {
    async listMine(req: Request, res: Response) {
      res.render('appointments/visits/index', { title: 'Your appointments', ...(await patientAppointments(deps, req.user!.id)) });
    },

    async show(req: Request, res: Response) {
      await renderAppointmentPage(deps, res, await visibleVisit(deps, readArchived, req.user!, appointmentIdParam(req)), req.user!);
    },

    async cancel(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseForm(cancelAppointmentSchema, req.body, { multiline: ['reason'] });
      const staff = req.user!.role !== 'patient';
      const reason = form.ok ? form.data.reason : undefined;
      if (!form.ok || (staff && !reason)) {
        const appointment = await appointmentFor(deps, req.user!, appointmentId);
        const errors = form.ok ? { reason: 'Give the patient a reason for cancelling' } : form.errors;
        return renderAppointmentPage(deps, res.status(422), appointment, req.user!, { errors });
      }
      await cancel(deps, req.user!, appointmentId, reason);
      flash(req, 'success', 'The appointment is cancelled.');
      res.redirect(303, `/appointments/${appointmentId}`);
    },

    async rescheduleForm(req: Request, res: Response) {
      const appointment = await appointmentFor(deps, req.user!, appointmentIdParam(req));
      await renderReschedulePage(deps, res, appointment, rescheduleQuerySchema.parse(req.query).date ?? appointment.localDate);
    },

    async reschedule(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseForm(rescheduleSchema, req.body);
      const result: RescheduleResult = form.ok
        ? await reschedule(deps, req.user!, appointmentId, form.data.start)
        : { kind: 'invalid', errors: { start: 'Choose a new time from the list.' } };
      if (result.kind === 'moved') {
        flash(req, 'success', 'Your appointment has been moved.');
        return res.redirect(303, `/appointments/${appointmentId}`);
      }
      const appointment = await appointmentFor(deps, req.user!, appointmentId);
      const { status, ...page } = notMoved(result);
      await renderReschedulePage(deps, res.status(status), appointment, appointment.localDate, page);
    },
  };
}
