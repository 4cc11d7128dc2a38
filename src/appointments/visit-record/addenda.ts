/**
 * Corrections to a completed visit's record. Each addendum makes a new version: the consultation's
 * own fields become the corrected record (so the current version is one read), and the addendum keeps
 * the version it replaced, with who corrected it, when and why. Prescription lines are not corrected
 * here: the prescription issued from them is a signed document (see the README).
 */
import { withRetry } from '../../platform/db/retry';
import { ConflictError, ValidationError } from '../../platform/http/errors';
import type { User } from '../../users';
import { ownVisit } from '../doctor-day/visit-steps';
import { updateAppointmentStatus } from '../repository';
import type { Addendum, Appointment, ClinicalRecord, Consultation, Ctx } from '../types';

/** An item holds at most 400 KB: a record corrected this often needs a new visit, not another addendum. */
export const MAX_ADDENDA = 30;

/** The current version of the record: 1 when completed, one more per addendum. */
export const recordVersion = (consultation: Consultation): number => 1 + (consultation.addenda?.length ?? 0);

/** The clinical part of a consultation (no prescription, no addenda), without empty fields. */
export function clinicalPart({ diagnosis, icd10, notes, vitals, followUpAdvice }: ClinicalRecord): ClinicalRecord {
  return JSON.parse(JSON.stringify({ diagnosis, icd10, notes, vitals, followUpAdvice })) as ClinicalRecord;
}

export interface AddendumInput {
  basedOn: number;
  reason: string;
  record: ClinicalRecord;
}

/**
 * Adds version `basedOn + 1` of the record, by the visit's own doctor (anyone else: not found). The
 * write is conditioned on the appointment's version: of two doctors' tabs correcting at once, one
 * wins and the other is refused (409) with what was typed, never lost silently.
 */
export async function addAddendum(ctx: Ctx, doctor: User, appointmentId: string, input: AddendumInput, now = new Date()): Promise<Appointment> {
  const visit = await ownVisit(ctx, doctor, appointmentId);
  const consultation = visit.consultation;
  if (visit.status !== 'completed' || !consultation || visit.archived) throw new ConflictError('Only the record of a completed visit can be corrected.');
  const current = recordVersion(consultation);
  if (input.basedOn !== current) throw stale(`The record was corrected after you opened it: it is now version ${current}. Reload the page to read it, then add your correction.`);
  if (current > MAX_ADDENDA) throw stale(`This record has been corrected ${MAX_ADDENDA} times, the most it can be. Record further changes at a new visit.`);
  const replaced = clinicalPart(consultation);
  const corrected = clinicalPart(input.record);
  if (JSON.stringify(replaced) === JSON.stringify(corrected)) throw new ValidationError({ form: 'Nothing in the record was changed. Correct a field, or cancel.' });
  const addendum: Addendum = { version: current + 1, at: now.toISOString(), by: doctor.id, reason: input.reason, replaced };
  const next: Consultation = { ...corrected, prescription: consultation.prescription, addenda: [...(consultation.addenda ?? []), addendum] };
  try {
    return await withRetry(() => updateAppointmentStatus(ctx.db, visit, 'completed', { consultation: next }));
  } catch (error) {
    if (error instanceof ConflictError && !error.errors) throw stale('Someone corrected this record at the same moment. Reload the page to read their correction, then add yours.');
    throw error;
  }
}

/** A refusal the form shows above its fields, keeping what the doctor typed. */
const stale = (message: string) => new ConflictError(message, { form: message });

export interface RecordVersion {
  version: number;
  record: ClinicalRecord;
  /** For versions after the first: the addendum that made it. */
  correction?: Pick<Addendum, 'at' | 'by' | 'reason'>;
}

/** Every version of the record, newest first (the first is the current one). */
export function recordVersions(consultation: Consultation): RecordVersion[] {
  const addenda = consultation.addenda ?? [];
  const records = [...addenda.map((a) => a.replaced), clinicalPart(consultation)];
  return records
    .map((record, i) => ({ version: i + 1, record, correction: i > 0 ? { at: addenda[i - 1].at, by: addenda[i - 1].by, reason: addenda[i - 1].reason } : undefined }))
    .reverse();
}
