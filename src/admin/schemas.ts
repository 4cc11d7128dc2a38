import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { emailField, nameField, passwordField, phoneField } from '../auth';

const RELOAD = 'Reload the page and try again';

/** The version an edit form was loaded at (optimistic locking); a form without one is refused, never taken as 0. */
export const versionField = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.coerce.number({ error: RELOAD }).int(RELOAD).min(0, RELOAD),
);

export const rejectDoctorSchema = z.object({
  reason: z
    .string({ error: 'Give a reason the doctor will read' })
    .trim()
    .min(5, 'Give a reason of at least 5 characters')
    .max(500, 'Keep the reason under 500 characters'),
});

export const doctorListQuerySchema = z.object({
  status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
  /** Opaque; the repository opens it, and refuses a bad one with 400. */
  cursor: z.string().optional(),
});

const HOSPITAL_PHONE = 'Enter a phone number patients can call, like +91 20 1234 5678';

/** A hospital's public number, landline or mobile, checked against the numbering plan and stored in E.164. */
function hospitalPhoneField(defaultCountry: string) {
  return z
    .string({ error: 'Enter a phone number' })
    .trim()
    .min(1, 'Enter a phone number')
    .max(30, HOSPITAL_PHONE)
    .transform((value, ctx) => {
      const phone = parsePhoneNumberFromString(value, defaultCountry as CountryCode);
      if (!phone?.isValid()) {
        ctx.addIssue({ code: 'custom', message: HOSPITAL_PHONE });
        return z.NEVER;
      }
      return phone.number;
    });
}

export function hospitalSchema(defaultCountry: string) {
  return z.object({
    name: z.string({ error: 'Enter the hospital name' }).trim().min(2, 'Enter the hospital name').max(100),
    city: z.string({ error: 'Enter the city' }).trim().min(2, 'Enter the city').max(60),
    address: z.string({ error: 'Enter the address' }).trim().min(5, 'Enter the full address').max(200),
    phone: hospitalPhoneField(defaultCountry),
  });
}

export const specialtySchema = z.object({
  name: z
    .string({ error: 'Enter the specialty name' })
    .trim()
    .min(3, 'Enter the specialty name')
    .max(60)
    .regex(/^[A-Za-z][A-Za-z &-]+$/, 'Use letters, spaces, & and - only'),
  description: z.string({ error: 'Describe the specialty' }).trim().min(10, 'Describe it in at least 10 characters').max(300),
});

export type HospitalInput = z.output<ReturnType<typeof hospitalSchema>>;
export type SpecialtyInput = z.output<typeof specialtySchema>;

export function createAdminSchema(defaultCountry: string) {
  return z.object({
    email: emailField,
    phone: phoneField(defaultCountry),
    firstName: nameField('first name'),
    lastName: nameField('last name'),
    password: passwordField,
  });
}
