/** One zod schema per form; types are inferred from them. */
import { z } from 'zod';
import { DateTime } from 'luxon';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { BLOOD_GROUPS, GENDERS } from '../users';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_BYTES } from './passwords';

export const emailField = z
  .string({ error: 'Enter your e-mail address' })
  .trim()
  .min(1, 'Enter your e-mail address')
  .max(254, 'That e-mail address is too long')
  .toLowerCase()
  .pipe(z.email('Enter a valid e-mail address, like name@example.com'));

export const passwordField = z
  .string({ error: 'Choose a password' })
  .refine((v) => Buffer.byteLength(v) >= MIN_PASSWORD_BYTES, `Use at least ${MIN_PASSWORD_BYTES} characters`)
  .refine((v) => Buffer.byteLength(v) <= MAX_PASSWORD_BYTES, `Use at most ${MAX_PASSWORD_BYTES} bytes (about ${MAX_PASSWORD_BYTES} letters)`);

/** Normalises a phone number to E.164, reading national numbers in the hospital's country. */
export function phoneField(defaultCountry: string) {
  return z
    .string({ error: 'Enter your mobile number' })
    .trim()
    .min(1, 'Enter your mobile number')
    .max(30, 'Enter a valid mobile number')
    .transform((value, ctx) => {
      const phone = parsePhoneNumberFromString(value, defaultCountry as CountryCode);
      if (!phone?.isValid()) {
        ctx.addIssue({ code: 'custom', message: 'Enter a valid mobile number, like +91 98765 43210' });
        return z.NEVER;
      }
      return phone.number;
    });
}

export const nameField = (label: string) =>
  z
    .string({ error: `Enter your ${label}` })
    .trim()
    .min(1, `Enter your ${label}`)
    .max(60, `Your ${label} must be at most 60 characters`)
    .regex(/^[\p{L}\p{M}' .-]+$/u, `Your ${label} can contain letters, spaces, apostrophes and hyphens`);

export const dateOfBirthField = z
  .string({ error: 'Enter your date of birth' })
  .min(1, 'Enter your date of birth')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter your date of birth as YYYY-MM-DD')
  .refine((v) => DateTime.fromISO(v).isValid, 'Enter a real date of birth')
  .refine((v) => DateTime.fromISO(v) < DateTime.now(), 'Date of birth must be in the past')
  .refine((v) => DateTime.now().diff(DateTime.fromISO(v), 'years').years <= 120, 'Enter a date of birth within the last 120 years');

/** A number typed in a form; an empty box is missing, not zero (which z.coerce would make it). */
const numberField = <T extends z.ZodType<unknown, string>>(missing: string, number: T) =>
  z.string({ error: missing }).trim().min(1, missing).pipe(number);

const aNumber = () => z.coerce.number<string>({ error: 'Enter a number' });

export const optionalBloodGroup = z
  .enum(['', ...BLOOD_GROUPS], 'Choose a blood group from the list')
  .optional()
  .transform((v) => (v ? v : undefined));

function withConfirmation<T extends z.ZodObject<{ password: typeof passwordField; confirmPassword: z.ZodString }>>(schema: T) {
  return schema.refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords do not match',
    // Also report a mismatch while other fields are still wrong, so one round trip shows every problem.
    when: ({ value }) => {
      const v = value as { password?: unknown; confirmPassword?: unknown };
      return typeof v.password === 'string' && typeof v.confirmPassword === 'string';
    },
  });
}

const confirmPassword = z.string({ error: 'Type the password again' });

/** What every registration asks: who you are, how to reach you, a password. */
const personFields = (defaultCountry: string) => ({
  firstName: nameField('first name'),
  lastName: nameField('last name'),
  email: emailField,
  phone: phoneField(defaultCountry),
  password: passwordField,
  confirmPassword,
  dateOfBirth: dateOfBirthField,
  gender: z.enum(GENDERS, 'Choose an option'),
});

export function registerPatientSchema(defaultCountry: string) {
  return withConfirmation(z.object({ ...personFields(defaultCountry), bloodGroup: optionalBloodGroup }));
}

export function registerDoctorSchema(defaultCountry: string) {
  return withConfirmation(
    z.object({
      ...personFields(defaultCountry),
      specialty: z.string({ error: 'Choose your specialty' }).trim().min(1, 'Choose your specialty').max(60),
      hospitalId: z.string({ error: 'Choose your hospital' }).trim().min(1, 'Choose your hospital').max(60),
      qualifications: z
        .string({ error: 'List your qualifications' })
        .trim()
        .min(2, 'List your qualifications, like MBBS, MD')
        .max(200, 'Keep qualifications under 200 characters'),
      yearsOfExperience: numberField(
        'Enter your years of experience',
        aNumber().int('Enter whole years').min(0, 'Years of experience cannot be negative').max(60, 'Enter at most 60 years'),
      ),
      consultationFee: numberField(
        'Enter your consultation fee',
        aNumber().min(0, 'The fee cannot be negative').max(100000, 'Enter a fee up to 100000'),
      ),
    }),
  );
}

export type RegisterPatientInput = z.output<ReturnType<typeof registerPatientSchema>>;
export type RegisterDoctorInput = z.output<ReturnType<typeof registerDoctorSchema>>;

export const logInSchema = z.object({
  identifier: z
    .string({ error: 'Enter your e-mail or mobile number' })
    .trim()
    .min(3, 'Enter your e-mail or mobile number')
    .max(254, 'Enter your e-mail or mobile number'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1024, 'Enter your password'),
});

export const forgotPasswordSchema = z.object({ email: emailField });

const tokenField = z.string({ error: 'This link is incomplete' }).min(1, 'This link is incomplete').max(200);

export const resetPasswordSchema = withConfirmation(
  z.object({ token: tokenField, password: passwordField, confirmPassword }),
);

export const verifyEmailSchema = z.object({ token: tokenField });

export const changePasswordSchema = withConfirmation(
  z.object({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(1024),
    password: passwordField,
    confirmPassword,
  }),
).refine((v) => v.password !== v.currentPassword, {
  path: ['password'],
  message: 'Choose a password different from the current one',
});

export const phoneCodeSchema = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from the text message' })
    .transform((v) => v.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from the text message')),
});

const currentPassword = z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(1024);

export const changeEmailSchema = z.object({ email: emailField, currentPassword });

export const changePhoneSchema = (defaultCountry: string) => z.object({ phone: phoneField(defaultCountry), currentPassword });
