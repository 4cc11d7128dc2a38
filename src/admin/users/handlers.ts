/** HTTP for the admin's user pages: the list by role or a search, one user's account, (de)activation. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { audited } from '../../audit';
import { NotFoundError } from '../../platform/http/errors';
import { flash } from '../../platform/session/flash';
import { parseForm } from '../../platform/validation';
import { fullName, listUsersByRole } from '../../users';
import { userIdSchema, userListQuerySchema, userSearchSchema } from './schemas';
import * as users from './service';
import { userPageSlots } from './slots';

export function userIdParam(req: Request): string {
  const parsed = userIdSchema.safeParse(req.params.userId);
  if (!parsed.success) throw new NotFoundError('There is no user with that id.');
  return parsed.data;
}

const NO_SEARCH = { q: '', by: '', role: '' };

export function adminUserHandlers(deps: Deps) {
  return {
    /** With `q`, the search's results (422 with a message for a bad search); without, one role's list. */
    async listUsers(req: Request, res: Response) {
      if (req.query.q !== undefined) {
        const form = parseForm(userSearchSchema, req.query);
        if (!form.ok) return res.status(422).render('admin/users', { title: 'Find a user', search: { ...NO_SEARCH, ...pick(req.query) }, errors: form.errors, page: { items: [] }, fullName });
        const { page, kind, empty } = await users.findUsers(deps, form.data);
        const errors = empty ? { q: kind === 'phone' ? 'Type some digits of the mobile number' : 'Type the start of a name, e-mail or mobile number' } : {};
        const search = { ...form.data, by: form.data.by ?? '', kind, role: form.data.role ?? '' };
        return res.status(empty ? 422 : 200).render('admin/users', { title: 'Find a user', search, errors, page, fullName });
      }
      const query = userListQuerySchema.safeParse(req.query);
      const { role, cursor } = query.success ? query.data : { role: 'patient' as const, cursor: undefined };
      const page = await listUsersByRole(deps.db, role, cursor);
      res.render('admin/users', { title: 'Users', role, search: NO_SEARCH, errors: {}, page, fullName });
    },

    /** Account facts only; opening a patient's account is audited (their name and contact details are personal). */
    async showUser(req: Request, res: Response) {
      const user = await users.requireUser(deps, userIdParam(req));
      const load = () => users.accountFacts(deps, user);
      const facts = user.role === 'patient' ? await audited(deps, req, { action: 'view', resourceType: 'account', resourceId: user.id, patientId: user.id }, load) : await load();
      res.render('admin/user', { title: fullName(user), ...facts, ...(await userPageSlots(deps, user, req.query.signInsCursor)), fullName });
    },

    setActive: (active: boolean) => async (req: Request, res: Response) => {
      const user = await users.setAccountActive(deps, req.user!, userIdParam(req), active);
      flash(req, 'success', `${fullName(user)} is now ${active ? 'active' : 'deactivated and logged out everywhere'}.`);
      res.redirect(303, `/admin/users/${user.id}`);
    },
  };
}

/** The search fields as typed, for re-showing the form; anything but text is dropped. */
function pick(query: Request['query']): Record<string, string> {
  return Object.fromEntries(['q', 'by', 'role'].flatMap((k) => (typeof query[k] === 'string' ? [[k, query[k] as string]] : [])));
}
