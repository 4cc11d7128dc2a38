/** HTTP for proving the signed-in user's mobile number with a code sent by SMS. */
import type { Request, Response } from 'express';
import { flash } from '../platform/session/flash';
import { validForm, withFormErrors } from '../platform/http/forms';
import type { FieldErrors } from '../platform/validation';
import { isPhoneVerified } from '../users';
import { confirmPhone, PHONE_CODE_MINUTES, sendPhoneCode } from './phone';
import { phoneCodeSchema } from './schemas';
import type { AuthContext } from './service';

const SENT = `We have texted you a 6-digit code. It works for ${PHONE_CODE_MINUTES} minutes.`;
const WAIT = 'We have sent several codes already. Please wait 15 minutes before asking for another.';

export function phoneHandlers(ctx: AuthContext) {
  /** Step one asks for a code; once one was sent (or a code was typed) the page asks for it. */
  const render = (req: Request, res: Response, errors: FieldErrors = {}) =>
    res.render('auth/verify-phone', { title: 'Confirm your mobile number', phone: req.user!.phone, codeSent: req.query.sent === '1' || req.method === 'POST', errors });

  return {
    showPhone(req: Request, res: Response) {
      if (!isPhoneVerified(req.user!)) return render(req, res);
      flash(req, 'info', 'Your mobile number is already confirmed.');
      res.redirect(303, '/account');
    },

    async sendCode(req: Request, res: Response) {
      await ctx.limits.hitFromIp(req.ip ?? 'unknown');
      const sent = await sendPhoneCode(ctx, req.user!);
      if (sent === 'verified') return res.redirect(303, '/account');
      flash(req, sent === 'sent' ? 'success' : 'error', sent === 'sent' ? SENT : WAIT);
      res.redirect(303, sent === 'sent' ? '/account/phone?sent=1' : '/account/phone');
    },

    verify: withFormErrors(
      (req, res, { errors }) => render(req, res, errors),
      async (req, res) => {
        await confirmPhone(ctx, req.user!, validForm(phoneCodeSchema, req.body).code);
        flash(req, 'success', 'Your mobile number is confirmed. You can log in with it, and appointment texts will go to it.');
        res.redirect(303, '/account');
      },
    ),
  };
}
