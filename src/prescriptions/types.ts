/** A prescription: its own record, issued from a completed visit and never edited after. */
import type { PrescriptionLine } from '../appointments';

export const PRESCRIPTION_STATUSES = ['active', 'revoked', 'dispensed'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

/** A medicine line as the visit record holds it (drug, strength, dose, how often, how long, instructions). */
export type { PrescriptionLine };

/**
 * What was issued, as printed and signed: names and numbers are copied at issue, so the document
 * stays what the doctor issued even if an account changes later.
 */
export interface PrescriptionContent {
  id: string;
  appointmentId: string;
  patientId: string;
  doctorId: string;
  hospitalId: string;
  patientName: string;
  patientDateOfBirth?: string;
  doctorName: string;
  doctorRegistration?: string;
  lines: PrescriptionLine[];
  advice?: string;
  /** UTC ISO. */
  issuedAt: string;
  /** The content's version: signed. An amended prescription would be a new content version. */
  contentVersion: number;
}

export interface Prescription extends PrescriptionContent {
  status: PrescriptionStatus;
  revocation?: { reason: string; by: string; at: string };
  dispense?: { at: string };
  /** SHA-256 of the one-time dispense code (hex); the code itself is derived, never stored. */
  dispenseCodeHash: string;
  /** The signing key the dispense code was derived from. */
  dispenseCodeKeyId: string;
  /** Optimistic locking: every change of status adds one. */
  version: number;
}
