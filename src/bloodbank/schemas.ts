/** The blood bank's forms and URL parts, one zod schema each. */
import type { Request } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { dateOfBirthField, nameField, phoneField } from '../auth';
import { NotFoundError } from '../platform/http/errors';
import { BLOOD_GROUPS, COMPONENTS, LOT_STATUSES, SCREENING_TESTS, SEXES, URGENCIES } from './types';

/** The id a URL names; a malformed one is "not found", never a database error. */
export function idParam(req: Request, name: string, what: string): string {
  const parsed = z.uuid().safeParse(req.params[name]);
  if (!parsed.success) throw new NotFoundError(`We could not find that ${what}.`);
  return parsed.data;
}

const group = z.enum(BLOOD_GROUPS, 'Choose a blood group from the list');
const component = z.enum(COMPONENTS, 'Choose a component from the list');
const day = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as YYYY-MM-DD`)
    .refine((v) => DateTime.fromISO(v).isValid, `Enter a real ${label}`);
const number = (missing: string, min: number, max: number, unit: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .regex(/^\d{1,4}(\.\d{1,2})?$/, `Enter the ${unit} as a number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Enter a ${unit} between ${min} and ${max}`);
const units = z
  .string({ error: 'Enter the number of units' })
  .regex(/^\d{1,3}$/, 'Enter the number of units as a whole number')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 50, 'Enter between 1 and 50 units');
const bagNumber = z
  .string({ error: 'Enter the bag number' })
  .trim()
  .min(1, 'Enter the bag number')
  .max(30, 'Bag numbers are at most 30 characters')
  .regex(/^[A-Za-z0-9-]+$/, 'Bag numbers use letters, digits and dashes only');

export const lotFilterSchema = z.object({
  status: z.enum(LOT_STATUSES).catch('available'),
  group: z.enum(['', ...BLOOD_GROUPS]).catch('').transform((v) => v || undefined),
  component: z.enum(['', ...COMPONENTS]).catch('').transform((v) => v || undefined),
  cursor: z.string().max(2000).optional().catch(undefined),
});

export const discardSchema = z.object({ reason: z.string({ error: 'Say why the lot is discarded' }).min(1, 'Say why the lot is discarded').max(300, 'Keep the reason under 300 characters') });

export const patientIdQuery = z.uuid();

export const searchSchema = z.object({ q: z.string().trim().max(100).optional().catch(undefined) });

export const walkInSchema = (defaultCountry: string) =>
  z.object({
    firstName: nameField('first name'),
    lastName: nameField('last name'),
    phone: phoneField(defaultCountry),
    group,
    dateOfBirth: dateOfBirthField,
    sex: z.enum(SEXES, 'Choose the donor’s sex'),
  });

export const patientDonorSchema = z.object({
  group: z.enum(['', ...BLOOD_GROUPS], 'Choose a blood group from the list').transform((v) => v || undefined),
  sex: z.enum(['', ...SEXES], 'Choose the donor’s sex').transform((v) => v || undefined),
  dateOfBirth: z.union([z.literal(''), dateOfBirthField]).transform((v) => v || undefined),
});

const optionalComponent = z.enum(['', ...COMPONENTS], 'Choose a component from the list').optional();
const optionalText = z.string().max(40).optional();

export const donationSchema = z
  .object({
    kind: z.enum(['whole-blood', 'apheresis'], 'Choose the kind of donation'),
    collectedOn: day('collection date'),
    weightKg: number('Enter the donor’s weight', 20, 300, 'weight in kg'),
    haemoglobin: number('Enter the haemoglobin', 1, 25, 'haemoglobin in g/dL'),
    component1: optionalComponent, units1: optionalText, bag1: optionalText,
    component2: optionalComponent, units2: optionalText, bag2: optionalText,
    component3: optionalComponent, units3: optionalText, bag3: optionalText,
  })
  .transform((parsed, ctx) => {
    const form = parsed as Record<string, unknown> & typeof parsed;
    const lots = [1, 2, 3].flatMap((i) => {
      const comp = form[`component${i}`] as string | undefined;
      if (!comp) return [];
      const u = units.safeParse(form[`units${i}`] ?? '');
      const b = bagNumber.safeParse(form[`bag${i}`] ?? '');
      if (!u.success) ctx.addIssue({ code: 'custom', path: [`units${i}`], message: u.error.issues[0].message });
      if (!b.success) ctx.addIssue({ code: 'custom', path: [`bag${i}`], message: b.error.issues[0].message });
      return u.success && b.success ? [{ component: component.parse(comp), units: u.data, bagNumber: b.data }] : [];
    });
    if (!form.component1) ctx.addIssue({ code: 'custom', path: ['component1'], message: 'Enter at least the first bag' });
    return { kind: form.kind, collectedOn: form.collectedOn, weightKg: form.weightKg, haemoglobin: form.haemoglobin, lots };
  });

const result = (test: string) => z.enum(['negative', 'positive'], `Record the ${test} result`);
export const screeningSchema = z.object({ hiv: result('HIV'), hbv: result('hepatitis B'), hcv: result('hepatitis C'), syphilis: result('syphilis'), malaria: result('malaria') });
export const SCREENING_FIELDS = SCREENING_TESTS;

export const followUpSchema = z.object({ note: z.string({ error: 'Write what was done' }).min(1, 'Write what was done').max(500, 'Keep the note under 500 characters') });

export const requestSchema = z.object({
  patientId: z.uuid('Choose the patient from the search'),
  group,
  component,
  units,
  urgency: z.enum(URGENCIES, 'Choose how urgent it is'),
  forProcedure: z.string().max(120, 'Keep it under 120 characters').optional().transform((v) => v || undefined),
  procedureOn: z.union([z.literal(''), day('procedure date')]).optional().transform((v) => v || undefined),
});

export const issueSchema = z.object({
  lotId: z.union([z.uuid(), z.array(z.uuid()).max(50)], 'Choose at least one lot to issue from').transform((v) => (Array.isArray(v) ? v : [v])),
});

export const reserveSchema = z.object({
  releaseBy: z
    .string({ error: 'Enter when to release the lots' })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Enter the release date and time')
    .refine((v) => DateTime.fromISO(v).isValid, 'Enter a real date and time'),
});

export const requestListSchema = z.object({ status: z.enum(['open', 'fulfilled', 'cancelled']).catch('open'), cursor: z.string().max(2000).optional().catch(undefined) });
