/** HTTP for changing the signed-in user's e-mail address or mobile number (see contact-change.ts). */
import type { Request, Response } from 'express';
import { formatPhone } from '../platform/format';
import { validForm, withFormErrors } from '../platform/http/forms';
import { flash } from '../platform/session/flash';
import { parseForm, type FieldErrors } from '../platform/validation';
import { confirmEmailChange, confirmPhoneChange, requestEmailChange, requestPhoneChange } from './contact-change';
import { PHONE_CODE_MINUTES } from './phone';
import { changeEmailSchema, changePhoneSchema, phoneCodeSchema, verifyEmailSchema } from './schemas';
import type { AuthContext } from './service';

const WAIT = 'We have sent several already. Please wait 15 minutes before asking again.';
type Form = { values?: Record<string, string>; errors?: FieldErrors };

export function contactHandlers(ctx: AuthContext) {
  const renderEmail = (req: Request, res: Response, form: Form = {}) =>
    res.render('auth/change-email', { title: 'Change your e-mail address', email: req.user!.email, values: form.values ?? {}, errors: form.errors ?? {} });
  const renderPhone = (req: Request, res: Response, form: Form & { codeSent?: boolean } = {}) =>
    res.render('auth/change-phone', {
      title: 'Change your mobile number',
      phone: req.user!.phone,
      codeSent: form.codeSent ?? req.query.sent === '1',
      minutes: PHONE_CODE_MINUTES,
      values: form.values ?? {},
      errors: form.errors ?? {},
    });

  return {
    changeEmailForm: (req: Request, res: Response) => renderEmail(req, res),

    requestEmailChange: withFormErrors(
      (req, res, form) => renderEmail(req, res, form),
      async (req, res) => {
        const form = validForm(changeEmailSchema, req.body);
        const sent = await requestEmailChange(ctx, req.user!, form.email, form.currentPassword);
        const done = `We have sent a link to ${form.email}. Open it to finish the change; until then your account keeps ${req.user!.email}.`;
        flash(req, sent === 'sent' ? 'success' : 'error', sent === 'sent' ? done : WAIT);
        res.redirect(303, '/account');
      },
    ),

    /** The mailed link opens a button: mail scanners that follow links must not use it up. */
    confirmEmailPage(req: Request, res: Response) {
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      if (!token) return res.status(400).render('auth/link-invalid', { title: 'Link not valid', purpose: 'change-email' });
      res.render('auth/change-email-confirm', { title: 'Confirm your new e-mail address', token });
    },

    async confirmEmail(req: Request, res: Response) {
      const form = parseForm(verifyEmailSchema, req.body);
      const user = form.ok ? await confirmEmailChange(ctx, form.data.token) : undefined;
      if (!user) return res.status(400).render('auth/link-invalid', { title: 'Link not valid', purpose: 'change-email' });
      flash(req, 'success', `Your e-mail address is now ${user.email}. Use it to log in from now on.`);
      // The link may be opened in a browser signed in to another account, or to none.
      res.redirect(303, req.user?.id === user.id ? '/account' : '/login');
    },

    changePhoneForm: (req: Request, res: Response) => renderPhone(req, res),

    requestPhoneChange: withFormErrors(
      (req, res, form) => renderPhone(req, res, { ...form, codeSent: false }),
      async (req, res) => {
        await ctx.limits.hitFromIp(req.ip ?? 'unknown');
        const form = validForm(changePhoneSchema(ctx.config.defaultCountry), req.body);
        const sent = await requestPhoneChange(ctx, req.user!, form.phone, form.currentPassword);
        const done = `We have texted a 6-digit code to ${formatPhone(form.phone)}. It works for ${PHONE_CODE_MINUTES} minutes.`;
        flash(req, sent === 'sent' ? 'success' : 'error', sent === 'sent' ? done : WAIT);
        res.redirect(303, sent === 'sent' ? '/account/phone/change?sent=1' : '/account/phone/change');
      },
    ),

    confirmPhoneChange: withFormErrors(
      (req, res, form) => renderPhone(req, res, { errors: form.errors, codeSent: true }),
      async (req, res) => {
        const user = await confirmPhoneChange(ctx, req.user!, validForm(phoneCodeSchema, req.body).code);
        flash(req, 'success', `Your mobile number is now ${formatPhone(user.phone)}. You can log in with it, and appointment texts will go to it.`);
        res.redirect(303, '/account');
      },
    ),
  };
}
