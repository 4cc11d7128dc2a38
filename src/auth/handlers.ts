/** HTTP for accounts: parse, call the service, render or redirect. */
import type { Request, Response } from 'express';
import { listHospitals, listOfferedSpecialties } from '../directory';
import { validForm, withFormErrors } from '../platform/http/forms';
import { flash } from '../platform/session/flash';
import { parseForm, type FieldErrors } from '../platform/validation';
import {
  changePasswordSchema,
  forgotPasswordSchema,
  logInSchema,
  registerDoctorSchema,
  registerPatientSchema,
  resetPasswordSchema,
  verifyEmailSchema,
} from './schemas';
import * as auth from './service';
import { loginClient } from './device';
import { afterPassword, noteSignIn } from './mfa';
import { endSession, homeFor, startSession } from './session';

type Form = { values?: Record<string, string>; errors?: FieldErrors };

const CHECK_INBOX =
  'Thanks for registering. We have sent a confirmation link to the e-mail address you gave: open it to activate your account, then log in.';

/** Only same-site paths may be returned to after log-in. */
function safeNext(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : undefined;
}

export function authHandlers(ctx: auth.AuthContext) {
  const { config, db } = ctx;

  const renderRegister = async (res: Response, role: 'patient' | 'doctor', form: Form = {}) => {
    const [specialties, hospitals] = role === 'doctor' ? await Promise.all([listOfferedSpecialties(db), listHospitals(db)]) : [[], []];
    res.render(role === 'doctor' ? 'auth/register-doctor' : 'auth/register', {
      title: role === 'doctor' ? 'Join as a doctor' : 'Create your account',
      values: form.values ?? {},
      errors: form.errors ?? {},
      specialties,
      hospitals,
    });
  };

  const register = (role: 'patient' | 'doctor') =>
    withFormErrors(
      (_req, res, form) => renderRegister(res, role, form),
      async (req, res) => {
        await ctx.limits.hitFromIp(req.ip ?? 'unknown');
        const schema = role === 'doctor' ? registerDoctorSchema(config.defaultCountry) : registerPatientSchema(config.defaultCountry);
        await auth.register(ctx, validForm(schema, req.body), role);
        flash(req, 'success', CHECK_INBOX);
        res.redirect(303, '/login');
      },
    );

  const renderLogin = (res: Response, form: Form & { next?: string } = {}) =>
    res.render('auth/login', { title: 'Log in', values: form.values ?? {}, errors: form.errors ?? {}, next: form.next });

  return {
    newPatientForm: (_req: Request, res: Response) => renderRegister(res, 'patient'),
    newDoctorForm: (_req: Request, res: Response) => renderRegister(res, 'doctor'),
    registerPatient: register('patient'),
    registerDoctor: register('doctor'),

    logInForm(req: Request, res: Response) {
      if (req.user) return res.redirect(homeFor(req.user.role));
      if (req.query.signedOut) res.locals.flash = [{ kind: 'info', message: 'You have logged out.' }];
      renderLogin(res, { next: safeNext(req.query.next) });
    },

    logIn: withFormErrors(
      (req, res, form) => renderLogin(res, { ...form, next: safeNext(req.body?.next) }),
      async (req, res) => {
        await ctx.limits.hitFromIp(req.ip ?? 'unknown');
        const { identifier, password } = validForm(logInSchema, req.body);
        const user = await auth.logIn(ctx, identifier, password, (userId) => loginClient(req, config, userId), (userId, outcome) => noteSignIn(ctx, req, userId, outcome));
        res.redirect(303, await afterPassword(ctx, req, res, user, safeNext(req.body?.next)));
      },
    ),

    async logOut(req: Request, res: Response) {
      await endSession(req, res, config, db);
      res.redirect(303, '/login?signedOut=1');
    },

    async verifyEmailPage(req: Request, res: Response) {
      const token = typeof req.query.token === 'string' ? req.query.token : undefined;
      if (token) return res.render('auth/verify-email-confirm', { title: 'Confirm your e-mail', token });
      if (!req.user) return res.redirect('/login?next=/verify-email');
      if (req.user.emailVerified) return res.redirect(homeFor(req.user.role));
      res.render('auth/verify-email', { title: 'Confirm your e-mail', email: req.user.email });
    },

    async verifyEmail(req: Request, res: Response) {
      const form = parseForm(verifyEmailSchema, req.body);
      const user = form.ok ? await auth.verifyEmail(ctx, form.data.token) : undefined;
      if (!user) return res.status(400).render('auth/link-invalid', { title: 'Link not valid', purpose: 'verify' });
      flash(req, 'success', 'Your e-mail address is confirmed.');
      res.redirect(303, req.user ? homeFor(req.user.role) : '/login');
    },

    async resendVerification(req: Request, res: Response) {
      await ctx.limits.hitFromIp(req.ip ?? 'unknown');
      if (req.user!.emailVerified) {
        flash(req, 'info', 'Your e-mail address is already confirmed.');
        return res.redirect(303, homeFor(req.user!.role));
      }
      const sent = await auth.resendVerification(ctx, req.user!);
      flash(req, sent ? 'success' : 'error', sent ? 'We have sent you a new link.' : 'We have sent several links already. Please wait 15 minutes before asking again.');
      res.redirect(303, '/verify-email');
    },

    forgotPasswordForm: (_req: Request, res: Response) =>
      res.render('auth/forgot-password', { title: 'Forgot your password?', values: {}, errors: {} }),

    forgotPassword: withFormErrors(
      (_req, res, form) => res.render('auth/forgot-password', { title: 'Forgot your password?', ...form }),
      async (req, res) => {
        await ctx.limits.hitFromIp(req.ip ?? 'unknown');
        const { email } = validForm(forgotPasswordSchema, req.body);
        // Answered before the look-up, so a registered address takes no longer than an unknown one.
        ctx.background.run(() => auth.requestPasswordReset(ctx, email));
        flash(req, 'info', 'If an account uses that address, we have e-mailed it a link to reset the password. The link works for one hour.');
        res.redirect(303, '/login');
      },
    ),

    resetPasswordForm(req: Request, res: Response) {
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      if (!token) return res.status(400).render('auth/link-invalid', { title: 'Link not valid', purpose: 'reset' });
      res.render('auth/reset-password', { title: 'Choose a new password', token, errors: {} });
    },

    resetPassword: withFormErrors(
      (req, res, form) => res.render('auth/reset-password', { title: 'Choose a new password', token: typeof req.body?.token === 'string' ? req.body.token : '', errors: form.errors }),
      async (req, res) => {
        await ctx.limits.hitFromIp(req.ip ?? 'unknown');
        const form = validForm(resetPasswordSchema, req.body);
        const user = await auth.resetPassword(ctx, form.token, form.password);
        if (!user) return res.status(400).render('auth/link-invalid', { title: 'Link not valid', purpose: 'reset' });
        flash(req, 'success', 'Your password has been changed. Log in with the new password.');
        res.redirect(303, '/login');
      },
    ),

    changePasswordForm: (_req: Request, res: Response) => res.render('auth/change-password', { title: 'Change password', errors: {} }),

    changePassword: withFormErrors(
      (_req, res, form) => res.render('auth/change-password', { title: 'Change password', errors: form.errors }),
      async (req, res) => {
        const form = validForm(changePasswordSchema, req.body);
        const user = await auth.changePassword(ctx, req.user!, form.currentPassword, form.password);
        await startSession(req, user);
        flash(req, 'success', 'Your password has been changed. Other devices have been logged out.');
        res.redirect(303, homeFor(req.user!.role));
      },
    ),
  };
}
