/**
 * Working hours: an approved doctor edits their own weekly plan, visit length and leave; an admin
 * edits any doctor's. Times are entered in the hospital's zone and stored in UTC.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireApprovedDoctor, requireRole, requireVerifiedEmail } from '../auth';
import { doctorSchedule, ownSchedule, scheduleHandlers } from './schedule-handlers';

export function scheduleRoutes(deps: Deps): Router {
  const own = scheduleHandlers(deps, ownSchedule);
  const any = scheduleHandlers(deps, doctorSchedule(deps));
  const doctor = [requireRole('doctor'), requireVerifiedEmail, requireApprovedDoctor];
  const admin = requireRole('admin');
  return Router()
    .get('/doctor/schedule', ...doctor, own.show)
    .post('/doctor/schedule', ...doctor, own.savePlan)
    .post('/doctor/schedule/leave', ...doctor, own.addLeave)
    .post('/doctor/schedule/leave/:leaveId/remove', ...doctor, own.removeLeave)
    .get('/admin/doctors/:userId/schedule', admin, any.show)
    .post('/admin/doctors/:userId/schedule', admin, any.savePlan)
    .post('/admin/doctors/:userId/schedule/leave', admin, any.addLeave)
    .post('/admin/doctors/:userId/schedule/leave/:leaveId/remove', admin, any.removeLeave);
}
