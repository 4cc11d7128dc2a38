/**
 * T-NOTIF-02: e-mail and SMS are unencrypted channels. Every message the portal sends, rendered as
 * it leaves (subject, HTML, text, calendar entry, SMS, inbox), is free of the visit's reason,
 * diagnosis, prescription and the doctor's specialty. Every e-mail template must be covered here.
 * (A cancellation's reason is staff-written text for the patient and is sent; the form says so.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { decisionNotice } from '../../../src/admin/service';
import { appointmentNotices, factsOf, messageTo, type AppointmentEvent } from '../../../src/appointments/notices';
import type { Appointment } from '../../../src/appointments/types';
import {
  accountExistsNotice, emailChangedNotice, emailChangeLinkNotice, passwordChangedNotice, passwordResetNotice, phoneChangedNotice, phoneCodeNotice, phoneInUseNotice, verificationNotice,
} from '../../../src/auth/notices';
import { mfaChangedNotice, mfaResetNotice } from '../../../src/auth/mfa/notices';
import { loadConfig } from '../../../src/config';
import { icsFor } from '../../../src/notifications/calendar';
import { templateRenderer } from '../../../src/notifications/email';
import type { Notification } from '../../../src/notifications/outbox';
import { helpedNotice } from '../../../src/bloodbank/requests/helped';
import { donationNotice } from '../../../src/donation-booking/notices';
import type { DonationBooking } from '../../../src/donation-booking/types';
import { revokedNotice } from '../../../src/prescriptions/notices';
import { sharedNotice } from '../../../src/records/vault/notices';
import type { User } from '../../../src/users';

const config = loadConfig({ MEDTRACK_HOSPITAL_NAME: 'City General Hospital' });
const MEDICAL = ['Recurring migraines with nausea', 'Tension-type headache', 'Sumatriptan', 'Keep a headache diary', 'Neurology', 'neurology', 'G44.2', 'Return if the headaches wake you', 'Migraine without aura'];

const person = (role: User['role'], firstName: string): User => ({
  id: `${role}-1`, role, status: 'active', firstName, lastName: 'Iyer', email: `${firstName.toLowerCase()}@example.org`, phone: '+919812345678',
  passwordHash: 'x', emailVerified: true, sessionEpoch: 0, version: 1, createdAt: '2026-11-01T00:00:00.000Z',
});
const patient = person('patient', 'Meera');
const doctor: User = { ...person('doctor', 'Arjun'), doctor: { specialty: 'neurology', hospitalId: 'city-general', approval: 'pending' } as User['doctor'] };

const appointment: Appointment = {
  id: 'a1', patientId: patient.id, doctorId: doctor.id, specialty: 'neurology', hospitalId: 'city-general',
  start: '2026-12-01T04:30:00.000Z', end: '2026-12-01T04:50:00.000Z', localDate: '2026-12-01', status: 'completed',
  reason: MEDICAL[0], assignment: { mode: 'named' }, version: 3, createdAt: '2026-11-20T00:00:00.000Z',
  consultation: {
    diagnosis: MEDICAL[1], icd10: { code: MEDICAL[6], title: MEDICAL[1] }, notes: MEDICAL[3], followUpAdvice: MEDICAL[7],
    vitals: { bpSystolic: 152, bpDiastolic: 97, pulse: 88, temperatureC: 37.4, weightKg: 61.5, heightCm: 163, spo2: 96 },
    prescription: [{ drug: MEDICAL[2], strength: '50 mg', dose: '1 tablet', frequency: 'as needed', duration: '10 days' }],
    addenda: [{ version: 2, at: '2026-12-01T06:00:00.000Z', by: 'doctor-1', reason: 'Second opinion', replaced: { diagnosis: MEDICAL[8] } }],
  },
  cancellation: { by: 'patient', userId: patient.id, at: '2026-11-21T00:00:00.000Z' },
};

const donationBooking: DonationBooking = {
  id: 'd1', patientId: patient.id, chair: 2, start: '2026-12-03T04:30:00.000Z', end: '2026-12-03T05:00:00.000Z', localDate: '2026-12-03',
  status: 'booked', version: 1, createdAt: '2026-11-30T00:00:00.000Z',
};

const EVENTS: AppointmentEvent[] = ['booked', 'waitlist-booked', 'rescheduled', 'reassigned', 'cancelled', 'reminder', 'no-show'];
const parties = { appointment, patient, doctor, hospitalName: 'City General Hospital' };
const sentAt = new Date('2026-11-30T04:30:00Z');
const everyNotification: Notification[] = [
  ...EVENTS.flatMap((event) => appointmentNotices(config, event, parties, sentAt)),
  // The doctor a reassigned visit was taken from (src/appointments/admin/notices.ts).
  messageTo(config, 'reassigned-away', 'doctor', parties, factsOf(config, parties, sentAt), sentAt),
  verificationNotice(patient, 'https://portal.example/verify?token=t'),
  passwordResetNotice(patient, 'https://portal.example/reset?token=t'),
  passwordChangedNotice(patient),
  accountExistsNotice('attempt-1', patient),
  phoneInUseNotice(patient),
  phoneCodeNotice(patient, config.hospitalName, '123456', 10),
  emailChangeLinkNotice(patient, 'meera.new@example.org', 'https://portal.example/account/email/confirm?token=t'),
  emailChangedNotice(patient, 'meera.new@example.org'),
  phoneChangedNotice(patient, '+919800000001', config.hospitalName),
  // Two-step sign-in: what changed, never a secret or a code.
  mfaResetNotice(doctor),
  mfaChangedNotice(doctor, true),
  mfaChangedNotice(doctor, false),
  decisionNotice(doctor, 'approved'),
  decisionNotice(doctor, 'rejected', 'The licence number could not be verified.'),
  // A revoked prescription: who revoked it and where to read why, never the medicines or the reason.
  revokedNotice(patient, { id: 'rx-1' }, 'Dr Arjun Iyer'),
  // A file shared with a doctor: who shared it, never its title or kind.
  sharedNotice(doctor, 'Meera Iyer', { id: 'file-1', patientId: patient.id }),
  // A donor whose unit was issued: thanks, never the recipient, group, component or bag.
  helpedNotice({ id: patient.id, kind: 'patient', firstName: 'Meera', phone: patient.phone }, config.hospitalName, patient),
  // A donation booking and its reminder: when, where and how to prepare, never the donor's group or health.
  donationNotice(config, 'booked', donationBooking, { ...patient, bloodGroup: 'AB-' }, sentAt),
  donationNotice(config, 'reminder', donationBooking, { ...patient, bloodGroup: 'AB-' }, sentAt),
  helpedNotice({ id: 'walk-in-1', kind: 'walk-in', firstName: 'Asha', phone: '+919812345679' }, config.hospitalName),
];

/** Everything a notification puts on the wire or on screen. */
async function rendered(notification: Notification): Promise<string[]> {
  const out = [notification.inbox?.title, notification.inbox?.body, notification.sms?.text];
  const { email } = notification;
  if (email) {
    const { html, text } = await templateRenderer(config)(email.template, email.data, email.subject);
    out.push(email.subject, html, text);
    if (email.calendar) out.push(icsFor(email.calendar, { organizerName: config.hospitalName, organizerEmail: config.sesFrom, attendee: { email: email.to }, timeZone: config.timeZone }));
  }
  return out.filter((s): s is string => Boolean(s));
}

it.each(everyNotification.map((n) => [`${n.event} to ${n.userId}`, n] as const))('%s says nothing medical', async (_name, notification) => {
  const texts = await rendered(notification);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) for (const detail of MEDICAL) expect(text).not.toContain(detail);
});

it('covers every e-mail template there is', () => {
  const templates = new Set(fs.readdirSync(path.join(config.projectRoot, 'views', 'emails')).filter((f) => !f.startsWith('_')).map((f) => f.replace(/\.(html|txt)\.ejs$/, '')));
  expect(new Set(everyNotification.flatMap((n) => (n.email ? [n.email.template] : [])))).toEqual(templates);
});
