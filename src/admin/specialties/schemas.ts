/** The specialty forms: rename (display name and description), and retire/restore, each with the version the admin saw. */
import { z } from 'zod';
import { specialtySchema, versionField } from '../schemas';

export const specialtyIdSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);

const version = versionField;

export const renameSpecialtySchema = specialtySchema.extend({ version });
export const specialtyVersionSchema = z.object({ version });

export type RenameSpecialtyInput = z.output<typeof renameSpecialtySchema>;
