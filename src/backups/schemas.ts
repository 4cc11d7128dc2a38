/** The restore command's arguments. */
import { z } from 'zod';

const folderSegment = /^[A-Za-z0-9_.-]+$/;

export const restoreArgsSchema = z.object({
  from: z
    .string({ error: '--from is required, e.g. --from backups/2025-01-31' })
    .transform((from) => from.replace(/\/+$/, ''))
    .refine((from) => from.split('/').every((segment) => folderSegment.test(segment) && segment !== '..' && segment !== '.'), {
      error: '--from must be a folder in the bucket such as backups/2025-01-31 (letters, digits, _ . - and /)',
    }),
  // The same rule as MEDTRACK_TABLE_PREFIX.
  tablePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, '--table-prefix: letters, digits, _ . - only (at most 40)')
    .optional(),
  force: z.boolean().default(false),
});

export type RestoreArgs = z.output<typeof restoreArgsSchema>;
