/** Appointment texts go only to a number its owner has confirmed with a code, and only if wanted. */
import { appointmentNotices } from '../../../src/appointments/notices';
import type { Appointment } from '../../../src/appointments/types';
import { loadConfig } from '../../../src/config';
import type { User } from '../../../src/users';

const config = loadConfig({});
const person = (role: User['role'], extra: Partial<User> = {}): User => ({
  id: `${role}-1`, role, status: 'active', firstName: 'Meera', lastName: 'Iyer', email: 'meera@example.org', phone: '+919812345678',
  passwordHash: 'x', emailVerified: true, sessionEpoch: 1, version: 1, createdAt: '2026-11-01T00:00:00.000Z', ...extra,
});
const appointment = {
  id: 'a1', patientId: 'patient-1', doctorId: 'doctor-1', specialty: 'cardiology', hospitalId: 'city-general',
  start: '2026-12-01T04:30:00.000Z', end: '2026-12-01T04:50:00.000Z', localDate: '2026-12-01', status: 'booked',
  reason: 'Check-up', assignment: { mode: 'named' }, version: 1, createdAt: '2026-11-20T00:00:00.000Z',
} as Appointment;

const smsOf = (patient: User) =>
  appointmentNotices(config, 'booked', { appointment, patient, doctor: person('doctor'), hospitalName: 'City General' }).find((n) => n.userId === patient.id)!.sms;

it.each([
  ['confirmed (an account from before codes existed)', {}, true],
  ['confirmed with a code', { phoneVerified: true }, true],
  ['not confirmed yet', { phoneVerified: false }, false],
  ['confirmed, but texts turned off', { phoneVerified: true, smsNotifications: false }, false],
] as const)('a patient whose number is %s gets a text: %s', (_case, extra, texted) => {
  expect(Boolean(smsOf(person('patient', extra)))).toBe(texted);
});
