/**
 * The archive: finished appointments move to S3 daily (archiver.ts); admins browse the archived
 * days here, and everyone who could see a visit still opens it (src/appointments reads it back).
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { archiveHandlers } from './handlers';

export function archiveRoutes(deps: Deps): Router {
  const h = archiveHandlers(deps);
  const admin = requireRole('admin');
  return Router()
    .get('/admin/archive', admin, h.listDays)
    .get('/admin/archive/:day', admin, h.showDay);
}
