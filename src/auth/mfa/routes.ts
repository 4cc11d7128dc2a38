/**
 * Two-step sign-in for staff (T-MFA-01): the log-in's second step, setting up an authenticator,
 * recovery codes, turning it off, an admin's reset of someone else's; and every account's own
 * recent sign-ins.
 */
import { Router } from 'express';
import { requireRole } from '../../platform/http/guards';
import type { AuthContext } from '../service';
import { mfaHandlers } from './handlers';

export function mfaRoutes(ctx: AuthContext): Router {
  const h = mfaHandlers(ctx);
  const staff = requireRole('admin', 'doctor');
  return Router()
    .get('/login/two-step', h.secondStepForm)
    .post('/login/two-step', h.checkSecondStep)
    .get('/account/two-step', staff, h.showTwoStep)
    .get('/account/two-step/setup', staff, h.setupForm)
    .post('/account/two-step/setup', staff, h.confirmSetup)
    .post('/account/two-step/recovery-codes', staff, h.newRecoveryCodes)
    .post('/account/two-step/turn-off', staff, h.turnOff)
    .get('/account/sign-ins', requireRole('patient', 'doctor', 'admin'), h.mySignIns)
    .post('/admin/users/:userId/mfa/reset', requireRole('admin'), h.resetForUser);
}
