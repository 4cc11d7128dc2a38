/** HTTP for one specialty: its page (rename form, retire or restore), and those three actions. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { validForm, withFormErrors, type RejectedForm } from '../../platform/http/forms';
import { NotFoundError } from '../../platform/http/errors';
import { flash } from '../../platform/session/flash';
import { renameSpecialtySchema, specialtyIdSchema, specialtyVersionSchema } from './schemas';
import * as specialties from './service';

function specialtyIdParam(req: Request): string {
  const parsed = specialtyIdSchema.safeParse(req.params.specialtyId);
  if (!parsed.success) throw new NotFoundError('There is no specialty with that id.');
  return parsed.data;
}

export function adminSpecialtyHandlers(deps: Deps) {
  const show = async (req: Request, res: Response, form: Partial<Pick<RejectedForm, 'values' | 'errors'>> = {}) => {
    const specialty = await specialties.requireSpecialty(deps, specialtyIdParam(req));
    const values = form.values ?? { name: specialty.name, description: specialty.description };
    res.render('admin/specialty', { title: specialty.name, specialty, version: specialty.version ?? 0, values, errors: form.errors ?? {} });
  };
  const back = (res: Response, slug: string) => res.redirect(303, `/admin/specialties/${slug}`);

  return {
    show: (req: Request, res: Response) => show(req, res),

    rename: withFormErrors(
      (req, res, form) => show(req, res, form),
      async (req, res) => {
        const specialty = await specialties.renameSpecialty(deps, specialtyIdParam(req), validForm(renameSpecialtySchema, req.body, { multiline: ['description'] }));
        flash(req, 'success', `Saved. Patients and doctors now see “${specialty.name}”.`);
        back(res, specialty.slug);
      },
    ),

    retire: withFormErrors(
      (req, res, form) => show(req, res, { errors: form.errors }),
      async (req, res) => {
        const { version } = validForm(specialtyVersionSchema, req.body);
        const specialty = await specialties.retireSpecialty(deps, specialtyIdParam(req), version);
        flash(req, 'success', `${specialty.name} is retired: patients can no longer book it and doctors cannot register in it.`);
        back(res, specialty.slug);
      },
    ),

    restore: withFormErrors(
      (req, res, form) => show(req, res, { errors: form.errors }),
      async (req, res) => {
        const { version } = validForm(specialtyVersionSchema, req.body);
        const specialty = await specialties.restoreSpecialty(deps, specialtyIdParam(req), version);
        flash(req, 'success', `${specialty.name} is offered again.`);
        back(res, specialty.slug);
      },
    ),
  };
}
