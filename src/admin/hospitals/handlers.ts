/** HTTP for editing a hospital: the form, and its save (422 for bad input, 409 for a stale version). */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { listSpecialties, type Hospital } from '../../directory';
import { validForm, withFormErrors, type RejectedForm } from '../../platform/http/forms';
import { formatPhone } from '../../platform/format';
import { NotFoundError } from '../../platform/http/errors';
import { flash } from '../../platform/session/flash';
import { hospitalEditSchema, hospitalIdSchema } from './schemas';
import { editHospital, requireHospital } from './service';

function hospitalIdParam(req: Request): string {
  const parsed = hospitalIdSchema.safeParse(req.params.hospitalId);
  if (!parsed.success) throw new NotFoundError('There is no hospital with that id.');
  return parsed.data;
}

/** The form's values from the stored hospital (on the first load), with its version. */
function valuesOf(hospital: Hospital) {
  const { ranking, beds, version, departments: _d, ...text } = hospital;
  return { ...text, phone: formatPhone(text.phone), ranking: ranking ?? '', beds: beds ?? '', version: version ?? 0 };
}

const ticked = (body: unknown): string[] => {
  const value = (body as Record<string, unknown> | undefined)?.departments;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
};

export function adminHospitalHandlers(deps: Deps) {
  const render = async (res: Response, hospital: Hospital, form: { values: object; departments: string[]; errors: RejectedForm['errors'] }) => {
    const specialties = (await listSpecialties(deps.db)).filter((s) => !s.retiredAt || form.departments.includes(s.slug));
    res.render('admin/hospital-edit', { title: `Edit ${hospital.name}`, hospital, specialties, ...form });
  };
  return {
    async editForm(req: Request, res: Response) {
      const hospital = await requireHospital(deps, hospitalIdParam(req));
      await render(res, hospital, { values: valuesOf(hospital), departments: hospital.departments ?? [], errors: {} });
    },

    save: withFormErrors(
      async (req, res, form) => render(res, await requireHospital(deps, hospitalIdParam(req)), { values: form.values, departments: ticked(req.body), errors: form.errors }),
      async (req, res) => {
        const id = hospitalIdParam(req);
        const hospital = await editHospital(deps, id, validForm(hospitalEditSchema(deps.config.defaultCountry), req.body));
        flash(req, 'success', `${hospital.name} is saved.`);
        res.redirect(303, '/admin/hospitals');
      },
    ),
  };
}
