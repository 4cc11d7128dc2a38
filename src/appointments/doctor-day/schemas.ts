/**
 * The doctor's day filters, and the completion form: the clinical record (visit-record/schemas.ts:
 * diagnosis, ICD-10 code, notes, vitals, follow-up advice) and up to MAX_PRESCRIPTION_ROWS
 * prescription lines (drug_1, strength_1, dose_1 ...; see prescription-rows.ts).
 */
import { z } from 'zod';
import { parseForm, type FormResult } from '../../platform/validation';
import type { Consultation, PrescriptionLine } from '../types';
import { clinicalRecordSchema, RECORD_MULTILINE } from '../visit-record/schemas';
import { MAX_PRESCRIPTION_ROWS, rowOfInput, rowValues } from './prescription-rows';

/** Unknown or malformed filters fall back to the defaults (today, the doctor's own patients). */
export const dayQuerySchema = z.object({
  date: z.iso.date().optional().catch(undefined),
  specialty: z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined),
});

const text = (max: number) => z.string().trim().max(max, `Keep this under ${max} characters`);

const lineSchema = z.object({
  drug: text(100).min(2, 'Name the drug'),
  strength: text(50).transform((v) => v || undefined),
  dose: text(50).min(1, 'Give the dose, like 500 mg'),
  frequency: text(50).min(1, 'Say how often, like twice a day'),
  duration: text(50).min(1, 'Say for how long, like 5 days'),
  instructions: text(200).transform((v) => v || undefined),
});

const TOO_MANY = `A prescription can list at most ${MAX_PRESCRIPTION_ROWS} medicines. Remove some, or write a second prescription.`;

/**
 * Parses the form: every row sent (rows left fully empty are skipped); errors on a row are keyed by
 * its input names (dose_2 ...), so they show on that row's fields.
 */
export function parseCompletion(input: unknown): FormResult<Consultation> {
  const body = (input ?? {}) as Record<string, unknown>;
  const head = parseForm(clinicalRecordSchema, body, { multiline: RECORD_MULTILINE });
  const errors: Record<string, string> = head.ok ? {} : { ...head.errors };
  const prescription: PrescriptionLine[] = [];
  const rows = new Set(Object.keys(body).flatMap((name) => rowOfInput(name) ?? []));
  for (const row of [...rows].sort((a, b) => a - b)) {
    const fields = rowValues(body, row);
    if (!Object.values(fields).some((v) => v.trim())) continue;
    if (row > MAX_PRESCRIPTION_ROWS) {
      errors.form = TOO_MANY;
      break;
    }
    const line = parseForm(lineSchema, fields);
    if (line.ok) prescription.push(line.data);
    else for (const [field, message] of Object.entries(line.errors)) errors[`${field}_${row}`] ??= message;
  }
  if (!head.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { ...head.data, prescription } };
}
