/** The specialty forms: rename (display name and description), and retire/restore, each with the version the admin saw. */
import { z } from 'zod';
import { specialtySchema } from '../schemas';

export const specialtyIdSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);

const version = z.coerce.number({ error: 'Reload the page and try again' }).int('Reload the page and try again').min(0, 'Reload the page and try again');

export const renameSpecialtySchema = specialtySchema.extend({ version });
export const specialtyVersionSchema = z.object({ version });

export type RenameSpecialtyInput = z.output<typeof renameSpecialtySchema>;
