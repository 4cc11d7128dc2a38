/**
 * What the patient is told when a prescription is revoked: that it was, by whom, and where to read
 * more once signed in. Never the medicines or the reason (it may name them): T-NOTIF-02.
 */
import { fitSms, newNotification, type Notification } from '../notifications';
import { wantsSms, type User } from '../users';
import type { Prescription } from './types';

export function revokedNotice(patient: User, prescription: Pick<Prescription, 'id'>, doctorName: string): Notification {
  const link = `/prescriptions/${prescription.id}`;
  const body = `${doctorName} revoked a prescription issued to you. Sign in to read why; a pharmacy will no longer dispense it.`;
  return newNotification({
    event: 'prescription.revoked',
    userId: patient.id,
    inbox: { title: 'Prescription revoked', body, link },
    email: { to: patient.email, subject: 'A prescription of yours was revoked', template: 'prescription-revoked', data: { name: patient.firstName, doctorName } },
    sms: wantsSms(patient) ? { to: patient.phone, text: fitSms(`${doctorName} revoked a prescription issued to you. Sign in to MedTrack to read why.`), template: 'prescription-revoked' } : undefined,
  });
}
