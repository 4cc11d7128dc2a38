/**
 * Provider analytics for admins: workload per doctor, fairness of "any doctor" booking, patient
 * flow. Each page takes a date range and offers its tables as CSV; the numbers come from the
 * aggregates the analytics job keeps (job.ts), at most 60 items a page.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { analyticsHandlers } from './handlers';

export function analyticsRoutes(deps: Deps): Router {
  const h = analyticsHandlers(deps);
  return Router()
    .use('/admin/analytics', requireRole('admin'))
    .get('/admin/analytics', h.home)
    .get('/admin/analytics/workload', h.report('workload'))
    .get('/admin/analytics/fairness', h.report('fairness'))
    .get('/admin/analytics/flow', h.report('flow'));
}
