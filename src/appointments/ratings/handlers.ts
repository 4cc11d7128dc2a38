/** HTTP for rating a completed visit, from its page. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { flash } from '../../platform/session/flash';
import { formValues, parseForm } from '../../platform/validation';
import { renderAppointmentPage } from '../visits/page';
import { appointmentIdParam } from '../visits/schemas';
import { visibleVisit, type ArchivedVisitReader } from '../visits/service';
import { rateAppointmentSchema } from './schemas';
import { rateVisit } from './service';

export function ratingHandlers(deps: Deps, readArchived: ArchivedVisitReader) {
  return {
    async rate(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseForm(rateAppointmentSchema, req.body, { multiline: ['comment'] });
      const visit = await visibleVisit(deps, readArchived, req.user!, appointmentId);
      if (!form.ok) return renderAppointmentPage(deps, res.status(422), visit, req.user!, { errors: form.errors, values: formValues(req.body) });
      await rateVisit(deps, req.user!, visit, form.data);
      flash(req, 'success', 'Thank you for rating your visit.');
      res.redirect(303, `/appointments/${appointmentId}`);
    },
  };
}
