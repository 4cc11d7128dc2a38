/** Administration: doctor approval, user accounts, hospitals and specialties. Admins only. */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { adminHandlers } from './handlers';

export function adminRoutes(deps: Deps): Router {
  const h = adminHandlers(deps);
  return Router()
    .use('/admin', requireRole('admin'))
    .get('/admin', h.home)
    .get('/admin/doctors', h.listDoctors)
    .post('/admin/doctors/:userId/approve', h.approveDoctor)
    .post('/admin/doctors/:userId/reject', h.rejectDoctor)
    .get('/admin/users', h.listUsers)
    .post('/admin/users/:userId/deactivate', h.setActive(false))
    .post('/admin/users/:userId/reactivate', h.setActive(true))
    .get('/admin/hospitals', h.hospitals.show)
    .post('/admin/hospitals', h.hospitals.add)
    .get('/admin/specialties', h.specialties.show)
    .post('/admin/specialties', h.specialties.add);
}
