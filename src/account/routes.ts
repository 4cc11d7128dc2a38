/**
 * The signed-in user's own account: name, e-mail and phone, and whether appointment news also
 * comes by SMS. Changing the password lives with the other credentials in auth/.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { accountHandlers } from './handlers';

export function accountRoutes(deps: Deps): Router {
  const h = accountHandlers(deps);
  const signedIn = requireRole('patient', 'doctor', 'admin');
  return Router()
    .get('/account', signedIn, h.showAccount)
    .post('/account/notifications', signedIn, h.saveNotificationPreferences);
}
