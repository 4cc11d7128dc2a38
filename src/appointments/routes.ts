/**
 * Appointments, every route in one table (the sub-feature that serves each is its folder).
 * Patients book a named doctor or any doctor of a specialty (booking/), wait for a free time
 * (waitlist/), see, cancel, move and rate their visits (visits/, ratings/); booking and waitlist
 * requests are limited per patient per hour (booking/limits.ts). Doctors run their day: the
 * schedule, live counts, check-in, start, complete, no-show (doctor-day/), correct a completed
 * visit's record with addenda and search ICD-10 codes (visit-record/), and set their working
 * hours (schedule/). Admins list every appointment of a day, reassign one to another free doctor
 * (admin/) and edit any doctor's working hours.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireApprovedDoctor, requireRole, requireVerifiedEmail } from '../platform/http/guards';
import { adminAppointmentHandlers } from './admin/handlers';
import { bookingHandlers } from './booking/handlers';
import { limitBookingRequests } from './booking/limits';
import { doctorDayHandlers } from './doctor-day/handlers';
import { ratingHandlers } from './ratings/handlers';
import { doctorSchedule, ownSchedule, scheduleHandlers } from './schedule/handlers';
import { visitRecordHandlers } from './visit-record/handlers';
import { visitHandlers } from './visits/handlers';
import type { ArchivedVisitReader } from './visits/service';
import { waitlistHandlers } from './waitlist/handlers';

/** `archive.readArchivedVisit` (from src/archive) opens visits the daily archival moved to S3. */
export function appointmentRoutes(deps: Deps, archive: { readArchivedVisit: ArchivedVisitReader }): Router {
  const [booking, waitlist] = [bookingHandlers(deps), waitlistHandlers(deps)];
  const [visits, ratings] = [visitHandlers(deps, archive.readArchivedVisit), ratingHandlers(deps, archive.readArchivedVisit)];
  const [day, manage, record] = [doctorDayHandlers(deps), adminAppointmentHandlers(deps), visitRecordHandlers(deps)];
  const [ownHours, anyHours] = [scheduleHandlers(deps, ownSchedule), scheduleHandlers(deps, doctorSchedule(deps))];
  const admin = requireRole('admin');
  const patient = [requireRole('patient'), requireVerifiedEmail];
  const perHour = limitBookingRequests(deps);
  // /doctor alone lets a doctor awaiting approval in (to show the waiting page); the rest needs approval.
  const anyDoctor = [requireRole('doctor'), requireVerifiedEmail];
  const doctor = [...anyDoctor, requireApprovedDoctor];
  const anyone = [requireRole('patient', 'doctor', 'admin'), requireVerifiedEmail, requireApprovedDoctor];
  return Router()
    .get('/appointments', ...patient, visits.listMine)
    .get('/appointments/new', ...patient, booking.newBookingForm)
    .post('/appointments', ...patient, perHour, booking.book)
    .post('/waitlist', ...patient, perHour, waitlist.join)
    .post('/waitlist/:entryId/withdraw', ...patient, waitlist.withdraw)
    .get('/appointments/:appointmentId', ...anyone, visits.show)
    .get('/appointments/:appointmentId/cancel', ...anyone, visits.cancelForm)
    .post('/appointments/:appointmentId/cancel', ...anyone, visits.cancel)
    .post('/appointments/:appointmentId/rate', ...patient, ratings.rate)
    .get('/appointments/:appointmentId/reschedule', ...anyone, visits.rescheduleForm)
    .post('/appointments/:appointmentId/reschedule', ...anyone, visits.reschedule)
    .get('/doctor', ...anyDoctor, day.showDay)
    .get('/doctor/day.json', ...doctor, day.dayData)
    .post('/appointments/:appointmentId/check-in', ...doctor, day.visitStep('check-in'))
    .post('/appointments/:appointmentId/start', ...doctor, day.visitStep('start'))
    .post('/appointments/:appointmentId/no-show', ...doctor, day.visitStep('no-show'))
    .post('/appointments/:appointmentId/complete', ...doctor, day.complete)
    .post('/appointments/:appointmentId/addenda', ...doctor, record.addAddendum)
    .get('/doctor/icd10.json', ...doctor, record.searchIcd10)
    .get('/admin/appointments', admin, manage.list)
    .get('/admin/appointments/:appointmentId/reassign', admin, manage.reassignForm)
    .post('/admin/appointments/:appointmentId/reassign', admin, manage.reassign)
    .get('/doctor/schedule', ...doctor, ownHours.show)
    .post('/doctor/schedule', ...doctor, ownHours.savePlan)
    .post('/doctor/schedule/leave', ...doctor, ownHours.addLeave)
    .post('/doctor/schedule/leave/:leaveId/remove', ...doctor, ownHours.removeLeave)
    .get('/admin/doctors/:userId/schedule', admin, anyHours.show)
    .post('/admin/doctors/:userId/schedule', admin, anyHours.savePlan)
    .post('/admin/doctors/:userId/schedule/leave', admin, anyHours.addLeave)
    .post('/admin/doctors/:userId/schedule/leave/:leaveId/remove', admin, anyHours.removeLeave);
}
