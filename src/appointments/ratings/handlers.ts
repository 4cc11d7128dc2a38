/** HTTP for rating a completed visit, from its page. */
import type { Deps } from '../../deps';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { renderAppointmentPage } from '../visits/page';
import { appointmentIdParam } from '../visits/schemas';
import { visibleVisit, type ArchivedVisitReader } from '../visits/service';
import { rateAppointmentSchema } from './schemas';
import { rateVisit } from './service';

export function ratingHandlers(deps: Deps, readArchived: ArchivedVisitReader) {
  return {
    rate: withFormErrors(
      async (req, res, { values, errors }) => renderAppointmentPage(deps, res, await visibleVisit(deps, readArchived, req.user!, appointmentIdParam(req)), req.user!, { values, errors }),
      async (req, res) => {
        const appointmentId = appointmentIdParam(req);
        const visit = await visibleVisit(deps, readArchived, req.user!, appointmentId);
        await rateVisit(deps, req.user!, visit, validForm(rateAppointmentSchema, req.body, { multiline: ['comment'] }));
        flash(req, 'success', 'Thank you for rating your visit.');
        res.redirect(303, `/appointments/${appointmentId}`);
      },
    ),
  };
}
