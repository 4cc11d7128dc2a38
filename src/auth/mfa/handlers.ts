/** HTTP for two-step sign-in: the log-in's second step, set-up, recovery codes, turning off, an admin's reset, sign-in history. */
import type { Request, Response } from 'express';
import { audited } from '../../audit';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import type { FieldErrors } from '../../platform/validation';
import type { AuthContext } from '../service';
import { startSession } from '../session';
import { resetMfa } from './admin-reset';
import { codeSchema, resetSchema } from './schemas';
import { confirmEnrolment, enrolmentFor, mfaRequired, regenerateRecoveryCodes, turnOffMfa, unusedRecoveryCodes } from './service';
import { awaitedUser, passSecondStep } from './sign-in';
import { listSignIns, SIGN_IN_WORDS } from './sign-ins';

type Form = { errors?: FieldErrors };

export function mfaHandlers(ctx: AuthContext) {
  const renderSecondStep = (res: Response, form: Form = {}) =>
    res.render('auth/two-step', { title: 'Two-step sign-in', errors: form.errors ?? {} });

  const renderSetup = async (req: Request, res: Response, form: Form = {}) => {
    const enrolment = await enrolmentFor(ctx, req.user!, req.session.mfaSetup);
    req.session.mfaSetup = enrolment.sealed;
    res.render('account/two-step-setup', {
      title: 'Set up two-step sign-in',
      qrDataUrl: enrolment.qrDataUrl,
      secret: enrolment.secret.replace(/(.{4})/g, '$1 ').trim(),
      required: mfaRequired(ctx.config, req.user!.role),
      errors: form.errors ?? {},
    });
  };

  const renderManage = async (req: Request, res: Response, form: Form = {}) => {
    const user = req.user!;
    res.render('account/two-step', {
      title: 'Two-step sign-in',
      enabledAt: user.mfaEnabledAt,
      required: mfaRequired(ctx.config, user.role),
      remaining: user.mfaEnabledAt ? await unusedRecoveryCodes(ctx, user.id) : 0,
      errors: form.errors ?? {},
    });
  };

  const showCodes = (res: Response, codes: string[], first: boolean) =>
    res.render('account/recovery-codes', { title: 'Your recovery codes', codes, first });

  const backToLogIn = (req: Request, res: Response) => {
    flash(req, 'info', 'Please log in again: the code was not asked for within five minutes, or your account changed.');
    res.redirect(303, '/login');
  };

  return {
    async secondStepForm(req: Request, res: Response) {
      if (!(await awaitedUser(ctx, req))) return backToLogIn(req, res);
      renderSecondStep(res);
    },

    checkSecondStep: withFormErrors(
      (_req, res, form) => renderSecondStep(res, form),
      async (req, res) => {
        await ctx.limits.hitFromIp(req.ip ?? 'unknown');
        const user = await awaitedUser(ctx, req);
        if (!user) return backToLogIn(req, res);
        const { code } = validForm(codeSchema, req.body);
        res.redirect(303, await passSecondStep(ctx, req, res, user, code));
      },
    ),

    showTwoStep: (req: Request, res: Response) => renderManage(req, res),

    async setupForm(req: Request, res: Response) {
      if (req.user!.mfaEnabledAt) return res.redirect('/account/two-step');
      await renderSetup(req, res);
    },

    confirmSetup: withFormErrors(renderSetup, async (req, res) => {
      if (req.user!.mfaEnabledAt) return res.redirect(303, '/account/two-step');
      const { code } = validForm(codeSchema, req.body);
      const { user, recoveryCodes } = await confirmEnrolment(ctx, req.user!, req.session.mfaSetup, code);
      // Other sessions ended with the new sessionEpoch; this one goes on under a new id.
      await startSession(req, user);
      showCodes(res, recoveryCodes, true);
    }),

    newRecoveryCodes: withFormErrors(renderManage, async (req, res) => {
      if (!req.user!.mfaEnabledAt) return res.redirect(303, '/account/two-step');
      const { code } = validForm(codeSchema, req.body);
      showCodes(res, await regenerateRecoveryCodes(ctx, req.user!, code), false);
    }),

    turnOff: withFormErrors(renderManage, async (req, res) => {
      if (!req.user!.mfaEnabledAt) return res.redirect(303, '/account/two-step');
      const { code } = validForm(codeSchema, req.body);
      await startSession(req, await turnOffMfa(ctx, req.user!, code));
      flash(req, 'success', 'Two-step sign-in is off. Your other devices were logged out.');
      res.redirect(303, '/account/two-step');
    }),

    async mySignIns(req: Request, res: Response) {
      const cursor = typeof req.query.signInsCursor === 'string' ? req.query.signInsCursor : undefined;
      const signIns = await listSignIns(ctx.db, req.user!.id, cursor);
      res.render('account/sign-ins', { title: 'Recent sign-ins', signIns, signInWords: SIGN_IN_WORDS, signInsPath: '/account/sign-ins' });
    },

    async resetForUser(req: Request, res: Response) {
      const userId = String(req.params.userId);
      const { back } = validForm(resetSchema, req.body);
      const target = { action: 'reset-mfa', resourceType: 'user', resourceId: userId };
      const user = await audited(ctx, req, target, () => resetMfa(ctx, req.user!, userId));
      flash(req, user ? 'success' : 'info', user ? `Two-step sign-in of ${user.firstName} ${user.lastName} was reset; they were logged out and told by e-mail.` : 'That user has no two-step sign-in to reset.');
      res.redirect(303, back ?? '/admin/users');
    },
  };
}
