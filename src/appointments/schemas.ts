/** Booking forms. */
import { z } from 'zod';

const slug = z.string().trim().regex(/^[a-z0-9-]{1,60}$/);

/** The booking page's choices so far; anything malformed is simply not applied. */
export const bookingChoicesSchema = z.object({
  specialty: slug.optional().catch(undefined),
  doctorId: z.uuid().optional().catch(undefined),
  date: z.iso.date().optional().catch(undefined),
});

export const bookAppointmentSchema = z
  .object({
    specialty: z.string({ error: 'Choose a specialty' }).trim().pipe(slug.or(z.literal(''))).default(''),
    doctorId: z.union([z.literal(''), z.uuid('Choose a doctor from the list')]).default(''),
    date: z.iso.date('Choose a date'),
    start: z.iso.datetime({ offset: true, error: 'Choose a time from the list' }),
    reason: z
      .string({ error: 'Tell the doctor briefly why you are coming' })
      .trim()
      .min(5, 'Tell the doctor briefly why you are coming (at least 5 characters)')
      .max(500, 'Keep the reason under 500 characters'),
    idempotencyKey: z.uuid('This form is incomplete. Reload the page and try again.'),
  })
  .refine((v) => v.specialty || v.doctorId, { path: ['specialty'], message: 'Choose a specialty or a doctor' });

export type BookAppointmentInput = z.output<typeof bookAppointmentSchema>;

export const cancelAppointmentSchema = z.object({
  reason: z.string().trim().max(500, 'Keep the reason under 500 characters').optional(),
});

export const appointmentIdSchema = z.uuid();

export const rateAppointmentSchema = z.object({
  stars: z.coerce.number({ error: 'Choose from 1 to 5 stars' }).int('Choose from 1 to 5 stars').min(1, 'Choose from 1 to 5 stars').max(5, 'Choose from 1 to 5 stars'),
  comment: z.string().trim().max(500, 'Keep the comment under 500 characters').optional().transform((v) => v || undefined),
});

export const joinWaitlistSchema = z
  .object({
    specialty: z.string().trim().pipe(slug.or(z.literal(''))).default(''),
    doctorId: z.union([z.literal(''), z.uuid('Choose a doctor from the list')]).default(''),
    from: z.iso.date('Choose the first day you could come'),
    to: z.iso.date('Choose the last day you could come'),
    reason: z
      .string({ error: 'Tell the doctor briefly why you are coming' })
      .trim()
      .min(5, 'Tell the doctor briefly why you are coming (at least 5 characters)')
      .max(500, 'Keep the reason under 500 characters'),
  })
  .refine((v) => v.specialty || v.doctorId, { path: ['specialty'], message: 'Choose a specialty or a doctor' })
  .refine((v) => v.to >= v.from, { path: ['to'], message: 'The last day must not be before the first' });
