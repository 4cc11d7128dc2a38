/** Every key of the donation-bookings table, built here only. Chair locks: see calendar.ts. */
import { REMINDER_INDEX_KEY, reminderSortKey } from '../appointments';
import type { DonationBooking } from './types';

export const bookingKey = (id: string) => ({ pk: `DONATION#${id}`, sk: 'BOOKING' });
export const idempotencyKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });
/** A donor's one active booking: present while a booking of theirs stands and has not ended. */
export const activeBookingKey = (patientId: string) => ({ pk: `DONOR_ACTIVE#${patientId}`, sk: 'ACTIVE' });

export const donorIndexKey = (patientId: string) => `DONOR#${patientId}`;
export const dayIndexKey = (localDate: string) => `DAY#${localDate}`;

export function bookingIndexAttributes(booking: DonationBooking) {
  const sortKey = `${booking.start}#${booking.id}`;
  // Sparse: only a booking that stands with a reminder still to send is in the reminder index.
  const reminder = booking.status === 'booked' && booking.nextReminderAt ? { gsi3pk: REMINDER_INDEX_KEY, gsi3sk: reminderSortKey(booking) } : {};
  return { gsi1pk: donorIndexKey(booking.patientId), gsi1sk: sortKey, gsi2pk: dayIndexKey(booking.localDate), gsi2sk: sortKey, ...reminder };
}
