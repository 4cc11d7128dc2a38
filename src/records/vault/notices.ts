/**
 * What a doctor is told when a patient shares a file with them: who shared, and a link to open it
 * once signed in. Never the file's title or kind (a title may name a condition): T-NOTIF-02.
 */
import { newNotification, type Notification } from '../../notifications';
import type { User } from '../../users';
import type { VaultFile } from './types';

export function sharedNotice(doctor: User, patientName: string, file: Pick<VaultFile, 'id' | 'patientId'>): Notification {
  return newNotification({
    event: 'file.shared',
    userId: doctor.id,
    inbox: { title: 'A patient shared a file with you', body: `${patientName} shared a file from their medical records with you.`, link: `/patients/${file.patientId}/files/${file.id}` },
    email: { to: doctor.email, subject: 'A patient shared a file with you', template: 'file-shared', data: { name: doctor.firstName } },
  });
}
