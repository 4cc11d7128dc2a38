/** HTTP for the visit record: the ICD-10 picker's search, and the doctor's addenda (corrections). */
import type { Request, Response } from 'express';
import { audited } from '../../audit';
import type { Deps } from '../../deps';
import { ValidationError } from '../../platform/http/errors';
import { withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { parseForm } from '../../platform/validation';
import { ownVisit } from '../doctor-day/visit-steps';
import { renderAppointmentPage } from '../visits/page';
import { appointmentIdParam } from '../visits/schemas';
import { addAddendum } from './addenda';
import { searchIcd10 } from './icd10';
import { addendumSchema, clinicalRecordSchema, icd10QuerySchema, RECORD_MULTILINE } from './schemas';

/** Both parts of the addendum form, every field's message at once. */
function parseAddendum(body: unknown) {
  const [head, record] = [parseForm(addendumSchema, body, { multiline: ['reason'] }), parseForm(clinicalRecordSchema, body, { multiline: RECORD_MULTILINE })];
  if (!head.ok || !record.ok) throw new ValidationError({ ...(record.ok ? {} : record.errors), ...(head.ok ? {} : head.errors) });
  return { ...head.data, record: record.data };
}

export function visitRecordHandlers(deps: Deps) {
  return {
    /** The picker's search (doctors only): a page of codes matching the code or the title's words. */
    async searchIcd10(req: Request, res: Response) {
      const { q, offset, limit } = icd10QuerySchema.parse(req.query);
      res.set('Cache-Control', 'private, max-age=300').json(searchIcd10(q, { offset, limit }));
    },

    /** A correction of a completed visit's record: a new version, audited as a change to the visit. */
    addAddendum: withFormErrors(
      async (req, res, { values, errors }) => renderAppointmentPage(deps, res, await ownVisit(deps, req.user!, appointmentIdParam(req)), req.user!, { values, errors, correcting: true }),
      async (req, res) => {
        const appointmentId = appointmentIdParam(req);
        const input = parseAddendum(req.body);
        const target = { action: 'update', resourceType: 'visit', resourceId: appointmentId, patientId: (visit: { patientId: string }) => visit.patientId };
        await audited(deps, req, target, () => addAddendum(deps, req.user!, appointmentId, input));
        flash(req, 'success', 'The record is corrected. The earlier version stays readable on this page.');
        res.redirect(303, `/appointments/${appointmentId}#record`);
      },
    ),
  };
}
