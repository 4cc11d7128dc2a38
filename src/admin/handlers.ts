/** HTTP for admins: parse, call the service, render or redirect. */
import type { Request, Response } from 'express';
import type { Deps } from '../deps';
import { listHospitals, listSpecialties } from '../directory';
import { NotFoundError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { formValues, parseForm, type FieldErrors } from '../platform/validation';
import { fullName, listDoctorsByApproval, listUsersByRole } from '../users';
import { doctorListQuerySchema, hospitalSchema, rejectDoctorSchema, specialtySchema, userIdSchema, userListQuerySchema } from './schemas';
import * as admin from './service';

function userIdParam(req: Request): string {
  const parsed = userIdSchema.safeParse(req.params.userId);
  if (!parsed.success) throw new NotFoundError('There is no user with that id.');
  return parsed.data;
}

async function directoryNames(deps: Deps) {
  const [hospitals, specialties] = await Promise.all([listHospitals(deps.db), listSpecialties(deps.db)]);
  return {
    hospitalName: Object.fromEntries(hospitals.map((h) => [h.id, h.name])),
    specialtyName: Object.fromEntries(specialties.map((s) => [s.slug, s.name])),
  };
}

export function adminHandlers(deps: Deps) {
  const renderDirectory = async (res: Response, kind: 'hospitals' | 'specialties', form: { values?: object; errors?: FieldErrors } = {}) => {
    const items = kind === 'hospitals' ? await listHospitals(deps.db) : await listSpecialties(deps.db);
    res.render(`admin/${kind}`, { title: kind === 'hospitals' ? 'Hospitals' : 'Specialties', items, values: form.values ?? {}, errors: form.errors ?? {} });
  };

  const addToDirectory = (kind: 'hospitals' | 'specialties') => async (req: Request, res: Response) => {
    const form = kind === 'hospitals' ? parseForm(hospitalSchema, req.body) : parseForm(specialtySchema, req.body);
    if (!form.ok) return renderDirectory(res.status(422), kind, { values: formValues(req.body), errors: form.errors });
    if (kind === 'hospitals') await admin.addHospital(deps, form.data as never);
    else await admin.addSpecialty(deps, form.data as never);
    flash(req, 'success', `${kind === 'hospitals' ? 'Hospital' : 'Specialty'} added.`);
    res.redirect(303, `/admin/${kind}`);
  };

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

    async listUsers(req: Request, res: Response) {
      const query = userListQuerySchema.safeParse(req.query);
      const { role, cursor } = query.success ? query.data : { role: 'patient' as const, cursor: undefined };
      const page = await listUsersByRole(deps.db, role, cursor);
      res.render('admin/users', { title: 'Users', role, page, fullName });
    },

    setActive: (active: boolean) => async (req: Request, res: Response) => {
      const user = await admin.setAccountActive(deps, req.user!, userIdParam(req), active);
      flash(req, 'success', `${fullName(user)} is now ${active ? 'active' : 'deactivated and logged out everywhere'}.`);
      res.redirect(303, `/admin/users?role=${user.role}`);
    },

    listHospitals: (_req: Request, res: Response) => renderDirectory(res, 'hospitals'),
    addHospital: addToDirectory('hospitals'),
    listSpecialties: (_req: Request, res: Response) => renderDirectory(res, 'specialties'),
    addSpecialty: addToDirectory('specialties'),
  };
}
