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
  dose: string;
  frequency: string;
  duration: string;
  instructions?: string;
}

/** Measurements taken at a visit (agreed shape; the visit record writes them). */
export type Vitals = { bpSystolic?: number; bpDiastolic?: number; pulse?: number; temperatureC?: number; weightKg?: number; heightCm?: number; spo2?: number };

/** What the doctor records on completing a visit. */
export interface Consultation {
  diagnosis: string;
  icd10?: { code: string; title: string };
  vitals?: Vitals;
  notes?: string;
  prescription: PrescriptionLine[];
}

/** A patient's rating of a completed visit, given once. */
export interface Rating {
  stars: number;
  comment?: string;
  at: string;
}
