/**
 * Booking a blood donation on the blood bank's calendar (the booking engine's chairs, locks and
 * reminders): the public blood bank page, the donor's booking page and bookings, and the officer's
 * day of donation bookings. `reads` are the blood bank's donation history and stock (ports.ts).
 */
import { Router } from 'express';
import { limitBookingRequests } from '../appointments';
import type { Deps } from '../deps';
import { requireRole, requireVerifiedEmail } from '../platform/http/guards';
import { officerHandlers } from './admin';
import { donationHandlers } from './handlers';
import type { BloodBankReads } from './ports';

export function donationBookingRoutes(deps: Deps, reads: BloodBankReads): Router {
  const [donor, officer] = [donationHandlers(deps, reads), officerHandlers(deps)];
  const patient = [requireRole('patient'), requireVerifiedEmail];
  // Booking requests count in the patient's hourly budget, shared with visits.
  const perHour = limitBookingRequests(deps);
  return Router()
    .get('/blood-bank', donor.showBloodBank)
    .get('/blood-bank/book', ...patient, donor.newBookingForm)
    .post('/blood-bank/bookings', ...patient, perHour, donor.book)
    .get('/blood-bank/bookings', ...patient, donor.listMine)
    .post('/blood-bank/bookings/:bookingId/cancel', ...patient, donor.cancel)
    .get('/admin/blood-bank/bookings', requireRole('admin'), officer.listDay);
}
