/** HTTP for the account page: show the user's details, save their notification preferences and a patient's profile. */
import type { Request, Response } from 'express';
import type { Deps } from '../deps';
import { BadRequestError } from '../platform/http/errors';
import { validForm, withFormErrors, type RejectedForm } from '../platform/http/forms';
import { flash } from '../platform/session/flash';
import { parseForm } from '../platform/validation';
import { BLOOD_GROUPS, isPhoneVerified, type User } from '../users';
import { MAX_ITEM_LENGTH, MAX_LIST_ITEMS, MULTILINE_FIELDS, profileSchema } from './profile-schema';
import { notificationPreferencesSchema } from './schemas';
import { profileValues, saveProfile, setNotificationPreferences } from './service';

const renderAccount = (res: Response, user: User) =>
  res.render('account/show', { title: 'Your account', user, sms: user.smsNotifications !== false, phoneVerified: isPhoneVerified(user), errors: {} });

const renderProfile = (req: Request, res: Response, form?: Pick<RejectedForm, 'values' | 'errors'>) =>
  res.render('account/profile', {
    title: 'Your profile',
    values: form?.values ?? profileValues(req.user!),
    errors: form?.errors ?? {},
    bloodGroups: BLOOD_GROUPS,
    limits: { items: MAX_LIST_ITEMS, length: MAX_ITEM_LENGTH },
  });

export function accountHandlers(deps: Pick<Deps, 'db' | 'config'>) {
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

    showProfile: (req: Request, res: Response) => renderProfile(req, res),

    saveProfile: withFormErrors(renderProfile, async (req, res) => {
      const input = validForm(profileSchema(deps.config.defaultCountry), req.body, { multiline: MULTILINE_FIELDS });
      await saveProfile(deps.db, req.user!, input);
      flash(req, 'success', 'Your profile is saved.');
      res.redirect(303, '/account');
    }),
  };
}
