/**
 * The clinical part of the visit record, as the completion form and the addendum form send it:
 * diagnosis (free text and an optional ICD-10 code from the shipped list), notes, vitals (each
 * optional, each within a plausible range) and follow-up advice. Input names are the stored names.
 */
import { z } from 'zod';
import type { ClinicalRecord, Vitals } from '../types';
import { findIcd10 } from './icd10';

const text = (max: number, what = 'this') => z.string().trim().max(max, `Keep ${what} under ${max} characters`);
const optionalText = (max: number, what?: string) => text(max, what).optional().transform((v) => v || undefined);

interface Range {
  label: string;
  min: number;
  max: number;
  unit: string;
  /** Whole numbers only (pressures, pulse, saturation); else one decimal place is allowed. */
  whole?: true;
}

/** Plausible ranges: outside them a value is a typo (or the wrong unit), not a patient. */
export const VITAL_RANGES: Record<keyof Vitals, Range> = {
  bpSystolic: { label: 'Systolic pressure', min: 50, max: 260, unit: 'mmHg', whole: true },
  bpDiastolic: { label: 'Diastolic pressure', min: 30, max: 160, unit: 'mmHg', whole: true },
  pulse: { label: 'Pulse', min: 20, max: 250, unit: 'beats a minute', whole: true },
  temperatureC: { label: 'Temperature', min: 30, max: 45, unit: '°C' },
  weightKg: { label: 'Weight', min: 0.5, max: 400, unit: 'kg' },
  heightCm: { label: 'Height', min: 30, max: 250, unit: 'cm' },
  spo2: { label: 'Oxygen saturation (SpO2)', min: 50, max: 100, unit: '%', whole: true },
};

/** An empty field is no measurement; anything else must be a number in the range. */
function measurement({ label, min, max, unit, whole }: Range) {
  const format = whole ? /^\d{1,3}$/ : /^\d{1,3}([.,]\d)?$/;
  const kind = whole ? 'a whole number' : 'a number (one decimal place at most)';
  const asNumber = `Give the ${label.toLowerCase().replace(/ \(.*\)$/, '')} as ${kind}, in ${unit}`;
  return z
    .string({ error: asNumber })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      if (!format.test(value)) {
        ctx.addIssue({ code: 'custom', message: asNumber });
        return z.NEVER;
      }
      const number = Number(value.replace(',', '.'));
      if (number < min || number > max) ctx.addIssue({ code: 'custom', message: `${label} must be between ${min} and ${max}${unit === '%' ? '' : ' '}${unit}` });
      return number;
    });
}

const vitalsShape = Object.fromEntries(Object.entries(VITAL_RANGES).map(([name, range]) => [name, measurement(range)])) as Record<keyof Vitals, ReturnType<typeof measurement>>;

/** "J06.9" or "J06.9 Acute upper respiratory infection, unspecified" (what a list pick leaves in the field). */
const icd10Field = z
  .string({ error: 'Pick a code from the list, or leave it empty' })
  .optional()
  .transform((value, ctx) => {
    const code = value?.split(/\s/)[0];
    if (!code) return undefined;
    const entry = findIcd10(code);
    if (!entry) ctx.addIssue({ code: 'custom', message: `${code.slice(0, 20)} is not a code in our ICD-10 list. Pick one from the list, or leave it empty and describe the diagnosis.` });
    return entry;
  });

export const clinicalRecordSchema = z
  .object({
    diagnosis: z.string({ error: 'Record the diagnosis' }).trim().min(3, 'Record the diagnosis').max(500, 'Keep the diagnosis under 500 characters'),
    icd10: icd10Field,
    notes: optionalText(2000, 'the notes'),
    followUpAdvice: optionalText(1000, 'the advice'),
    ...vitalsShape,
  })
  .superRefine((v, ctx) => {
    const [systolic, diastolic] = [v.bpSystolic, v.bpDiastolic];
    if ((systolic === undefined) !== (diastolic === undefined)) {
      ctx.addIssue({ code: 'custom', path: [systolic === undefined ? 'bpSystolic' : 'bpDiastolic'], message: 'Give both numbers of the blood pressure, or neither' });
    } else if (systolic !== undefined && diastolic !== undefined && systolic <= diastolic) {
      ctx.addIssue({ code: 'custom', path: ['bpSystolic'], message: 'Systolic pressure must be higher than the diastolic' });
    }
  })
  .transform(({ diagnosis, icd10, notes, followUpAdvice, ...measured }): ClinicalRecord => {
    const vitals = Object.fromEntries(Object.entries(measured).filter(([, v]) => v !== undefined)) as Vitals;
    return { diagnosis, icd10, notes, followUpAdvice, vitals: Object.keys(vitals).length ? vitals : undefined };
  });

export const RECORD_MULTILINE = ['diagnosis', 'notes', 'followUpAdvice'] as const;

/** An addendum: the corrected record, why, and the version it corrects (a stale form is refused). */
export const addendumSchema = z
  .object({
    reason: z.string({ error: 'Say why the record is corrected' }).trim().min(5, 'Say why the record is corrected (at least 5 characters)').max(500, 'Keep the reason under 500 characters'),
    basedOn: z.coerce.number({ error: 'This form is out of date. Reload the page and try again.' }).int().min(1).max(1000),
  });

/** The record as the forms show it: every field a string, as typed. */
export function recordFormValues(record: ClinicalRecord): Record<string, string> {
  const vitals = Object.fromEntries(Object.entries(record.vitals ?? {}).map(([k, v]) => [k, String(v)]));
  const icd10 = record.icd10 ? `${record.icd10.code} ${record.icd10.title}` : '';
  return { diagnosis: record.diagnosis, icd10, notes: record.notes ?? '', followUpAdvice: record.followUpAdvice ?? '', ...vitals };
}

/** The ICD-10 picker's search: a short query, and a page of at most 50 codes. */
export const icd10QuerySchema = z.object({
  q: z.string().max(60).catch('').default(''),
  offset: z.coerce.number().int().min(0).max(1000).catch(0).default(0),
  limit: z.coerce.number().int().min(1).max(50).catch(20).default(20),
});
