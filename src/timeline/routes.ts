/**
 * The health timeline: one page, newest first, of a patient's visits, diagnoses, vitals,
 * prescriptions (and files, once the vault offers its source), with a chart of vitals over time.
 * The patient sees their own; a doctor sees the timeline of a patient they care for, from their day
 * list. Admins do not: it is a clinical view (they have the audit log and the archive browser).
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireApprovedDoctor, requireRole, requireVerifiedEmail } from '../platform/http/guards';
import { timelineHandlers } from './handlers';
import type { Timeline } from './service';

export function timelineRoutes(deps: Deps, timeline: Timeline): Router {
  const h = timelineHandlers(deps, timeline);
  return Router()
    .get('/timeline', requireRole('patient'), requireVerifiedEmail, h.showOwn)
    .get('/patients/:patientId/timeline', requireRole('doctor'), requireVerifiedEmail, requireApprovedDoctor, h.showForDoctor);
}
