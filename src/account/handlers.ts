/** HTTP for the account page: show the user's details, save their notification preferences. */
import type { Request, Response } from 'express';
import type { Deps } from '../deps';
import { BadRequestError, ConflictError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { parseForm, type FieldErrors } from '../platform/validation';
import { wantsSms, type User } from '../users';
import { notificationPreferencesSchema } from './schemas';
import { setNotificationPreferences } from './service';

const CHANGED_MEANWHILE = 'Your account changed while this page was open, perhaps in another tab. Check the setting below and save again.';

const renderAccount = (res: Response, user: User, errors: FieldErrors = {}) =>
  res.render('account/show', { title: 'Your account', user, sms: wantsSms(user), errors });

export function accountHandlers(deps: Pick<Deps, 'db'>) {
  return {
    showAccount: (req: Request, res: Response) => renderAccount(res, req.user!),

    async saveNotificationPreferences(req: Request, res: Response) {
      const form = parseForm(notificationPreferencesSchema, req.body);
      // A real browser sends the box's value or nothing at all: anything else is not this form.
      if (!form.ok) throw new BadRequestError('The form could not be read. Reload the page and try again.');
      try {
        await setNotificationPreferences(deps.db, req.user!, form.data);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        return renderAccount(res.status(409), req.user!, { form: CHANGED_MEANWHILE });
      }
      flash(req, 'success', 'Saved.');
      res.redirect(303, '/account');
    },
  };
}
