/** HTTP for admins: parse, call the service, render or redirect. */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Deps } from '../deps';
import { listHospitals, listSpecialties } from '../directory';
import { validForm, withFormErrors } from '../platform/http/forms';
import { flash } from '../platform/session/flash';
import { parseForm, type FieldErrors } from '../platform/validation';
import { fullName, listDoctorsByApproval } from '../users';
import { doctorListQuerySchema, hospitalSchema, rejectDoctorSchema, specialtySchema } from './schemas';
import * as admin from './service';
import { userIdParam } from './users/handlers';

/** Names by id for the views; not `hospitalName`, which every page's header reads from app.locals. */
async function directoryNames(deps: Deps) {
  const [hospitals, specialties] = await Promise.all([listHospitals(deps.db), listSpecialties(deps.db)]);
  return {
    hospitalNameById: Object.fromEntries(hospitals.map((h) => [h.id, h.name])),
    specialtyNameById: Object.fromEntries(specialties.map((s) => [s.slug, s.name])),
  };
}

interface DirectoryPage<S extends z.ZodType> {
  view: 'hospitals' | 'specialties';
  title: string;
  label: string;
  schema: S;
  /** The form's textarea fields. */
  multiline?: readonly string[];
  list: (db: Deps['db']) => Promise<unknown[]>;
  add: (deps: Deps, input: z.output<S>) => Promise<void>;
}

/** A directory list with its add form: 422 with field messages (the form's or the id's), 409 for a name already there. */
function directoryPage<S extends z.ZodType>(deps: Deps, page: DirectoryPage<S>) {
  const render = async (res: Response, form: { values?: object; errors?: FieldErrors } = {}) =>
    res.render(`admin/${page.view}`, { title: page.title, items: await page.list(deps.db), values: form.values ?? {}, errors: form.errors ?? {} });
  return {
    show: (_req: Request, res: Response) => render(res),
    add: withFormErrors(
      (_req, res, form) => render(res, form),
      async (req, res) => {
        await page.add(deps, validForm(page.schema, req.body, { multiline: page.multiline }));
        flash(req, 'success', `${page.label} added.`);
        res.redirect(303, `/admin/${page.view}`);
      },
    ),
  };
}

export function adminHandlers(deps: Deps) {
  return {
    async home(_req: Request, res: Response) {
      const pending = await listDoctorsByApproval(deps.db, 'pending');
      res.render('admin/home', { title: 'Administration', pendingCount: pending.items.length, pendingMore: Boolean(pending.cursor) });
    },

    async listDoctors(req: Request, res: Response) {
      const query = doctorListQuerySchema.safeParse(req.query);
      const { status, cursor } = query.success ? query.data : { status: 'pending' as const, cursor: undefined };
      const [page, names] = await Promise.all([listDoctorsByApproval(deps.db, status, cursor), directoryNames(deps)]);
      res.render('admin/doctors', { title: 'Doctors', status, page, fullName, ...names, errors: {} });
    },

    async approveDoctor(req: Request, res: Response) {
      const user = await admin.decideDoctor(deps, userIdParam(req), 'approved');
      flash(req, 'success', `Dr ${fullName(user)} is approved and has been told by e-mail.`);
      res.redirect(303, '/admin/doctors?status=pending');
    },

    async rejectDoctor(req: Request, res: Response) {
      const userId = userIdParam(req);
      const form = parseForm(rejectDoctorSchema, req.body);
      if (!form.ok) {
        flash(req, 'error', form.errors.reason);
        return res.redirect(303, '/admin/doctors?status=pending');
      }
      const user = await admin.decideDoctor(deps, userId, 'rejected', form.data.reason);
      flash(req, 'success', `Dr ${fullName(user)}'s registration was rejected; they have been told why.`);
      res.redirect(303, '/admin/doctors?status=pending');
    },

    hospitals: directoryPage(deps, { view: 'hospitals', title: 'Hospitals', label: 'Hospital', schema: hospitalSchema(deps.config.defaultCountry), list: listHospitals, add: admin.addHospital }),
    specialties: directoryPage(deps, { view: 'specialties', title: 'Specialties', label: 'Specialty', schema: specialtySchema, multiline: ['description'], list: listSpecialties, add: admin.addSpecialty }),
  };
}
