/** Scheduled jobs for admins: their schedule and latest runs, and running one now. */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { jobHandlers } from './handlers';

export function jobRoutes(deps: Deps): Router {
  const h = jobHandlers(deps);
  return Router()
    .use('/admin/jobs', requireRole('admin'))
    .get('/admin/jobs', h.list)
    .post('/admin/jobs/:name/run', h.runNow);
}
