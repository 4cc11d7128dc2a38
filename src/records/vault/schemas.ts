import { DateTime } from 'luxon';
import { z } from 'zod';
import { FILE_KINDS } from './types';

export const uploadSchema = z.object({
  title: z.string({ error: 'Give the file a title' }).trim().min(2, 'Give the file a title of at least 2 characters').max(120, 'Keep the title under 120 characters'),
  kind: z.enum(FILE_KINDS, { error: 'Choose what kind of file this is' }),
  date: z
    .string({ error: 'Enter the date on the report' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date on the report')
    .refine((v) => DateTime.fromISO(v).isValid, 'Enter a real date')
    .refine((v) => DateTime.fromISO(v) <= DateTime.now().plus({ days: 1 }), 'The date cannot be in the future')
    .refine((v) => v >= '1900-01-01', 'Enter a date after 1900'),
  /** Only a doctor's upload names the patient; a patient's goes to their own vault. */
  patientId: z.uuid('Choose the patient again from your day list').optional(),
});
export type UploadInput = z.output<typeof uploadSchema>;

export const shareSchema = z.object({ doctorId: z.uuid('Choose a doctor from the list') });

export const idParam = z.uuid();
