/** A file in a patient's medical vault, as the rest of the feature sees it (no keys). */
import type { LabReading } from '../insights/types';

export const FILE_KINDS = ['lab-report', 'imaging', 'prescription', 'discharge-summary', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const KIND_WORDS: Record<FileKind, string> = {
  'lab-report': 'Lab report',
  imaging: 'Scan or X-ray',
  prescription: 'Prescription',
  'discharge-summary': 'Discharge summary',
  other: 'Other',
};

/** The only types the vault keeps, as read from the bytes. */
export const VAULT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type VaultType = (typeof VAULT_TYPES)[number];

export interface VaultFile {
  id: string;
  patientId: string;
  title: string;
  kind: FileKind;
  /** The date on the report (YYYY-MM-DD), as the uploader gave it. */
  date: string;
  /** `date` as an instant: the start of that day in the hospital's zone (UTC ISO), set at upload; the timeline sorts by it. */
  dateAt: string;
  /** The original name, cleaned, for display only: never part of a key. */
  displayName: string;
  size: number;
  contentType: VaultType;
  /** Hex SHA-256 of the bytes, also sent to S3 as the object's checksum. */
  sha256: string;
  uploadedBy: { userId: string; role: 'patient' | 'doctor' };
  uploadedAt: string;
  /** Hidden from every doctor (shares included) by the patient. */
  hidden: boolean;
  /** Doctors this one file is shared with, whatever their care relationship. */
  shares: string[];
  deletedAt?: string;
  /** When the object is removed for good (deletedAt + the undo days). */
  purgeAfter?: string;
  purgedAt?: string;
  version: number;
  /** Lab reports only: the automated reading (PHI: never logged). */
  reading?: LabReading;
}
