/**
 * Appointments. Patients book a named doctor or any doctor of a specialty, see and cancel their
 * visits; booking and waitlist requests are limited per patient per hour (limits.ts). Doctors run
 * their day: the schedule, live counts, check-in, start, complete, no-show. Doctors and admins
 * open, move and cancel the appointments they may see; admins list every appointment of a day and
 * reassign one to another free doctor.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireApprovedDoctor, requireRole, requireVerifiedEmail } from '../auth';
import { adminAppointmentHandlers } from './admin-handlers';
import { doctorHandlers } from './doctor-handlers';
import { appointmentHandlers } from './handlers';
import { limitBookingRequests } from './limits';
import { rescheduleHandlers } from './reschedule-handlers';
import { waitlistHandlers } from './waitlist-handlers';

export function appointmentRoutes(deps: Deps): Router {
  const h = appointmentHandlers(deps);
  const d = doctorHandlers(deps);
  const r = rescheduleHandlers(deps);
  const a = adminAppointmentHandlers(deps);
  const w = waitlistHandlers(deps);
  const admin = requireRole('admin');
  const patient = [requireRole('patient'), requireVerifiedEmail];
  const perHour = limitBookingRequests(deps);
  // /doctor alone lets a doctor awaiting approval in (to show the waiting page); the rest needs approval.
  const anyDoctor = [requireRole('doctor'), requireVerifiedEmail];
  const doctor = [...anyDoctor, requireApprovedDoctor];
  const anyone = [requireRole('patient', 'doctor', 'admin'), requireVerifiedEmail, requireApprovedDoctor];
  return Router()
    .get('/appointments', ...patient, h.listMine)
    .get('/appointments/new', ...patient, h.newBookingForm)
    .post('/appointments', ...patient, perHour, h.book)
    .post('/waitlist', ...patient, perHour, h.joinWaitlist)
    .post('/waitlist/:entryId/withdraw', ...patient, w.withdraw)
    .get('/appointments/:appointmentId', ...anyone, h.show)
    .post('/appointments/:appointmentId/cancel', ...anyone, h.cancel)
    .post('/appointments/:appointmentId/rate', ...patient, h.rate)
    .get('/appointments/:appointmentId/reschedule', ...anyone, r.form)
    .post('/appointments/:appointmentId/reschedule', ...anyone, r.move)
    .get('/doctor', ...anyDoctor, d.showDay)
    .get('/doctor/day.json', ...doctor, d.dayData)
    .post('/appointments/:appointmentId/check-in', ...doctor, d.visitStep('check-in'))
    .post('/appointments/:appointmentId/start', ...doctor, d.visitStep('start'))
    .post('/appointments/:appointmentId/no-show', ...doctor, d.visitStep('no-show'))
    .post('/appointments/:appointmentId/complete', ...doctor, d.complete)
    .get('/admin/appointments', admin, a.list)
    .get('/admin/appointments/:appointmentId/reassign', admin, a.reassignForm)
    .post('/admin/appointments/:appointmentId/reassign', admin, a.reassign);
}
