/**
 * Accounts: registration (patients and doctors), log-in and log-out, e-mail verification,
 * forgotten and changed passwords, confirming a mobile number with a code sent by SMS, and
 * changing the e-mail address (a link to the new one) or the mobile number (a code to the new one).
 * Staff two-step sign-in and the sign-in history: mfa/routes.ts.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { authHandlers } from './handlers';
import { createAuthLimits } from './limits';
import { contactHandlers } from './contact-handlers';
import { phoneHandlers } from './phone-handlers';
import { requireRole } from '../platform/http/guards';
import { mfaRoutes } from './mfa';

export function authRoutes(deps: Deps): Router {
  const ctx = { ...deps, limits: createAuthLimits(deps.config, deps.db) };
  const h = authHandlers(ctx);
  const phone = phoneHandlers(ctx);
  const contact = contactHandlers(ctx);
  const signedIn = requireRole('patient', 'doctor', 'admin');
  return Router()
    .get('/register', h.newPatientForm)
    .post('/register', h.registerPatient)
    .get('/register/doctor', h.newDoctorForm)
    .post('/register/doctor', h.registerDoctor)
    .get('/login', h.logInForm)
    .post('/login', h.logIn)
    .post('/logout', h.logOut)
    .get('/verify-email', h.verifyEmailPage)
    .post('/verify-email', h.verifyEmail)
    .post('/verify-email/resend', signedIn, h.resendVerification)
    .get('/forgot-password', h.forgotPasswordForm)
    .post('/forgot-password', h.forgotPassword)
    .get('/reset-password', h.resetPasswordForm)
    .post('/reset-password', h.resetPassword)
    .get('/account/password', signedIn, h.changePasswordForm)
    .post('/account/password', signedIn, h.changePassword)
    .get('/account/phone', signedIn, phone.showPhone)
    .post('/account/phone/code', signedIn, phone.sendCode)
    .post('/account/phone/verify', signedIn, phone.verify)
    .get('/account/phone/change', signedIn, contact.changePhoneForm)
    .post('/account/phone/change', signedIn, contact.requestPhoneChange)
    .post('/account/phone/change/verify', signedIn, contact.confirmPhoneChange)
    .get('/account/email', signedIn, contact.changeEmailForm)
    .post('/account/email', signedIn, contact.requestEmailChange)
    .get('/account/email/confirm', contact.confirmEmailPage)
    .post('/account/email/confirm', contact.confirmEmail)
    .use(mfaRoutes(ctx));
}
