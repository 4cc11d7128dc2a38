/**
 * What a donor is told about a donation booking: when and where, and how to come prepared. Never
 * their blood group, eligibility or anything of their health (no PHI in e-mail, SMS or inbox).
 */
import { soonPhrase } from '../appointments';
import type { Config } from '../config';
import { fitSms, newNotification, type Notification } from '../notifications';
import { formatInstant } from '../platform/format';
import { wantsSms, type User } from '../users';
import type { DonationBooking } from './types';

export type DonationEvent = 'booked' | 'reminder';

/** How to come prepared: on the booking e-mail, the reminder and the booking page. */
export const PREPARE = [
  'Eat a proper meal in the three hours before you come, and drink plenty of water.',
  'Bring a photo ID.',
  'Avoid alcohol the day before, and heavy exercise on the day.',
  'Allow about an hour: the donation itself takes 10 to 15 minutes.',
];

export function donationNotice(config: Config, event: DonationEvent, booking: DonationBooking, donor: User, now = new Date()): Notification {
  const when = formatInstant(booking.start, config.timeZone);
  const soon = soonPhrase(booking.start, now, config.timeZone);
  const place = `the blood bank, ${config.hospitalName}`;
  const title = event === 'booked' ? 'Blood donation booked' : 'Blood donation reminder';
  const body = event === 'booked' ? `${when} at ${place}. Thank you for giving blood.` : `Your blood donation is ${soon} at ${place}. Eat a proper meal before you come and bring a photo ID.`;
  const path = '/blood-bank/bookings';
  const link = `${config.publicUrl}${path}`;
  const template = `donation-${event}`;
  const email = {
    to: donor.email,
    subject: event === 'booked' ? `${title}: ${when}` : `Reminder: your blood donation ${soon}`,
    template,
    data: { recipientName: donor.firstName, when, soon, place, link, prepare: PREPARE },
  };
  const sms = wantsSms(donor) ? { to: donor.phone, text: fitSms(`${config.hospitalName}: ${title}. ${body}`, link), template } : undefined;
  return newNotification({ event: `donation.${event}`, userId: donor.id, inbox: { title, body, link: path }, email, sms }, now);
}
