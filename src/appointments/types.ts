/** The appointment as every sub-feature sees it, and what the rules need to run. */
import type { Deps } from '../deps';

/** What the appointment rules need; `outbox` is kicked after a commit (without it the sweep sends). */
export type Ctx = Pick<Deps, 'db' | 'config' | 'dayBoard'> & Partial<Pick<Deps, 'outbox' | 'metrics'>>;

export const STATUSES = ['booked', 'checked-in', 'in-progress', 'completed', 'no-show', 'cancelled'] as const;
export type AppointmentStatus = (typeof STATUSES)[number];

/** Why this doctor got this visit; shown to admins. */
export interface Assignment {
  mode: 'named' | 'any' | 'reassigned';
  /** "reassigned": the admin who moved it and the doctor it was taken from. */
  by?: string;
  fromDoctorId?: string;
  /** "any": the specialty counter, the start index, and doctors passed over with the reason. */
  counter?: number;
  startIndex?: number;
  candidates?: number;
  /** "any": the chosen doctor's visits that day before this one (the fewest among the free). */
  dayLoad?: number;
  skipped?: { doctorId: string; reason: 'not working' | 'slot taken' }[];
}

export interface Appointment {
  id: string;
  patientId: string;
  doctorId: string;
  specialty: string;
  hospitalId: string;
  /** UTC ISO instants. */
  start: string;
  end: string;
  /** The visit's date in the hospital's zone. */
  localDate: string;
  status: AppointmentStatus;
  reason: string;
  assignment: Assignment;
  cancellation?: { by: 'patient' | 'doctor' | 'admin'; userId: string; reason?: string; at: string };
  /** When each step of the visit happened (UTC ISO). */
  timeline?: Partial<Record<'checkedInAt' | 'startedAt' | 'completedAt' | 'noShowAt', string>>;
  consultation?: Consultation;
  rating?: Rating;
  /** While booked: when the next reminder is due (UTC ISO); absent once none is left. */
  nextReminderAt?: string;
  /**
   * Counted in the patient's places (`PATIENT_PLACES#`), which cap how many active visits one
   * patient holds. Set at booking; removed, in the same transaction as the count goes down, when
   * the visit ends (cancelled, no-show, completed) or is found ended while still active. Visits
   * booked before the cap existed have none and were never counted.
   */
  holdsPlace?: true;
  version: number;
  createdAt: string;
  /** Read from an archive stand-in (src/archive): list fields only, the record itself is in S3. */
  archived?: true;
}

export interface PrescriptionLine {
  drug: string;
  /** The strength of the medicine (e.g. 500 mg), apart from the dose (e.g. 1 tablet). */
  strength?: string;
  dose: string;
  frequency: string;
  duration: string;
  instructions?: string;
}

/** Measured at the visit; each optional. Read by the patient's timeline: keep this shape. */
export interface Vitals {
  bpSystolic?: number;
  bpDiastolic?: number;
  pulse?: number;
  temperatureC?: number;
  weightKg?: number;
  heightCm?: number;
  spo2?: number;
}

/** A code of the shipped ICD-10 list (visit-record/icd10-codes.json) with its title. */
export interface Icd10 {
  code: string;
  title: string;
}

/** The parts of the record an addendum may correct (prescription lines are not among them). */
export interface ClinicalRecord {
  diagnosis: string;
  icd10?: Icd10;
  notes?: string;
  vitals?: Vitals;
  followUpAdvice?: string;
}

/**
 * A correction after completion: version `version` (2, 3 ...) of the record, by the visit's doctor.
 * The consultation's own fields are always the current version; each addendum keeps the version it
 * replaced (`replaced`, version `version - 1`), so every older version stays readable.
 */
export interface Addendum {
  version: number;
  at: string;
  by: string;
  reason: string;
  replaced: ClinicalRecord;
}

/** What the doctor records on completing a visit: the current version of the record. */
export interface Consultation extends ClinicalRecord {
  prescription: PrescriptionLine[];
  addenda?: Addendum[];
}

/** A patient's rating of a completed visit, given once. */
export interface Rating {
  stars: number;
  comment?: string;
  at: string;
}
