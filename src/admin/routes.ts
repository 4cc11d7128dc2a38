/** Administration: doctor approval, user accounts, hospitals and specialties. Admins only. */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { adminHandlers } from './handlers';
import { adminHospitalHandlers } from './hospitals/handlers';
import { adminSpecialtyHandlers } from './specialties/handlers';
import { adminUserHandlers } from './users/handlers';

export function adminRoutes(deps: Deps): Router {
  const h = adminHandlers(deps);
  const users = adminUserHandlers(deps);
  const hospitals = adminHospitalHandlers(deps);
  const specialties = adminSpecialtyHandlers(deps);
  return Router()
    .use('/admin', requireRole('admin'))
    .get('/admin', h.home)
    .get('/admin/doctors', h.listDoctors)
    .post('/admin/doctors/:userId/approve', h.approveDoctor)
    .post('/admin/doctors/:userId/reject', h.rejectDoctor)
    .get('/admin/users', users.listUsers)
    .get('/admin/users/:userId', users.showUser)
    .post('/admin/users/:userId/deactivate', users.setActive(false))
    .post('/admin/users/:userId/reactivate', users.setActive(true))
    .get('/admin/hospitals', h.hospitals.show)
    .post('/admin/hospitals', h.hospitals.add)
    .get('/admin/hospitals/:hospitalId/edit', hospitals.editForm)
    .post('/admin/hospitals/:hospitalId', hospitals.save)
    .get('/admin/specialties', h.specialties.show)
    .post('/admin/specialties', h.specialties.add)
    .get('/admin/specialties/:specialtyId', specialties.show)
    .post('/admin/specialties/:specialtyId/rename', specialties.rename)
    .post('/admin/specialties/:specialtyId/retire', specialties.retire)
    .post('/admin/specialties/:specialtyId/restore', specialties.restore);
}
