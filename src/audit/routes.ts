/** The audit pages: patients see who opened their records; admins search the whole log. */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole, requireVerifiedEmail } from '../platform/http/guards';
import { auditHandlers } from './handlers';

export function auditRoutes(deps: Deps): Router {
  const h = auditHandlers(deps);
  return Router()
    .get('/account/record-access', requireRole('patient'), requireVerifiedEmail, h.recordAccess)
    .get('/admin/audit', requireRole('admin'), h.adminLog);
}
