/**
 * The signed-in user's own account: name, e-mail and phone, and whether appointment news also
 * comes by SMS; a patient's profile (personal and health details, emergency contact). Changing
 * the password, e-mail address or mobile number lives with the other credentials in auth/.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { accountHandlers } from './handlers';

export function accountRoutes(deps: Deps): Router {
  const h = accountHandlers(deps);
  const signedIn = requireRole('patient', 'doctor', 'admin');
  const patient = requireRole('patient');
  return Router()
    .get('/account', signedIn, h.showAccount)
    .post('/account/notifications', signedIn, h.saveNotificationPreferences)
    .get('/account/profile', patient, h.showProfile)
    .post('/account/profile', patient, h.saveProfile);
}
