/** The booking form, and the fields the waitlist form shares with it. */
import { z } from 'zod';

const slug = z.string().trim().regex(/^[a-z0-9-]{1,60}$/);

/** The booking page's choices so far; anything malformed is simply not applied. */
export const bookingChoicesSchema = z.object({
  specialty: slug.optional().catch(undefined),
  doctorId: z.uuid().optional().catch(undefined),
  date: z.iso.date().optional().catch(undefined),
});

/** A specialty, a named doctor, or both left empty (then `specialtyOrDoctor` refuses the form). */
export const specialtyField = z.string().trim().pipe(slug.or(z.literal(''))).default('');
export const doctorField = z.union([z.literal(''), z.uuid('Choose a doctor from the list')]).default('');
export const specialtyOrDoctor = (v: { specialty: string; doctorId: string }) => Boolean(v.specialty || v.doctorId);
export const CHOOSE_SPECIALTY = { path: ['specialty'], message: 'Choose a specialty or a doctor' };

export const reasonField = z
  .string({ error: 'Tell the doctor briefly why you are coming' })
  .trim()
  .min(5, 'Tell the doctor briefly why you are coming (at least 5 characters)')
  .max(500, 'Keep the reason under 500 characters');

export const bookAppointmentSchema = z
  .object({
    specialty: z.string({ error: 'Choose a specialty' }).trim().pipe(slug.or(z.literal(''))).default(''),
    doctorId: doctorField,
    date: z.iso.date('Choose a date'),
    start: z.iso.datetime({ offset: true, error: 'Choose a time from the list' }),
    reason: reasonField,
    idempotencyKey: z.uuid('This form is incomplete. Reload the page and try again.'),
  })
  .refine(specialtyOrDoctor, CHOOSE_SPECIALTY);

export type BookAppointmentInput = z.output<typeof bookAppointmentSchema>;
