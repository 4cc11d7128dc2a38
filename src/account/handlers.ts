/** HTTP for the account page: show the user's details, save their notification preferences. */
import type { Request, Response } from 'express';
import type { Deps } from '../deps';
import { BadRequestError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { parseForm } from '../platform/validation';
import { isPhoneVerified, type User } from '../users';
import { notificationPreferencesSchema } from './schemas';
import { setNotificationPreferences } from './service';

const renderAccount = (res: Response, user: User) =>
  res.render('account/show', { title: 'Your account', user, sms: user.smsNotifications !== false, phoneVerified: isPhoneVerified(user), errors: {} });

export function accountHandlers(deps: Pick<Deps, 'db'>) {
  return {
    showAccount: (req: Request, res: Response) => renderAccount(res, req.user!),

    async saveNotificationPreferences(req: Request, res: Response) {
      const form = parseForm(notificationPreferencesSchema, req.body);
      // A real browser sends the box's value or nothing at all: anything else is not this form.
      if (!form.ok) throw new BadRequestError('The form could not be read. Reload the page and try again.');
      await setNotificationPreferences(deps.db, req.user!, form.data);
      flash(req, 'success', 'Saved.');
      res.redirect(303, '/account');
    },
  };
}
