/** The waitlist form, on the booking page: the booking form's fields with a range of days. */
import { z } from 'zod';
import { CHOOSE_SPECIALTY, doctorField, reasonField, specialtyField, specialtyOrDoctor } from '../booking/schemas';

export const joinWaitlistSchema = z
  .object({
    specialty: specialtyField,
    doctorId: doctorField,
    from: z.iso.date('Choose the first day you could come'),
    to: z.iso.date('Choose the last day you could come'),
    reason: reasonField,
  })
  .refine(specialtyOrDoctor, CHOOSE_SPECIALTY)
  .refine((v) => v.to >= v.from, { path: ['to'], message: 'The last day must not be before the first' });

export const entryIdSchema = z.uuid();
