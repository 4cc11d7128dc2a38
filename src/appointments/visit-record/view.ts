/** What the visit page shows of the visit record: its versions, the correction form, the ICD-10 list, the follow-up link. */
import type { User } from '../../users';
import type { Appointment } from '../types';
import { recordVersion, recordVersions } from './addenda';
import { ICD10_CODES } from './icd10';
import { recordFormValues, VITAL_RANGES } from './schemas';

export function visitRecordView(appointment: Appointment, viewer: User, form: { correcting?: boolean }) {
  const consultation = appointment.consultation;
  const ownDoctor = viewer.id === appointment.doctorId && !appointment.archived;
  const canCorrect = ownDoctor && appointment.status === 'completed' && Boolean(consultation);
  const completing = ownDoctor && appointment.status === 'in-progress';
  return {
    versions: consultation ? recordVersions(consultation) : [],
    canCorrect,
    correcting: Boolean(form.correcting),
    recordVersion: consultation ? recordVersion(consultation) : 0,
    /** The correction form starts from the current record. */
    recordValues: canCorrect && consultation ? recordFormValues(consultation) : undefined,
    // Booking is the patient's: the same doctor, from their booking page.
    followUpUrl: viewer.id === appointment.patientId && appointment.status === 'completed' && consultation?.followUpAdvice ? `/appointments/new?doctorId=${appointment.doctorId}` : undefined,
    // The no-JavaScript picker: the whole list as the field's suggestions (a few hundred options).
    icd10Codes: canCorrect || completing ? ICD10_CODES : [],
    vitalRanges: VITAL_RANGES,
  };
}
