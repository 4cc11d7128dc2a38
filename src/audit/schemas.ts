/** The query strings of the audit pages. */
import { z } from 'zod';
import { ACTION_CHOICES } from './words';

const optionalText = z.string().trim().max(200, 'Keep it under 200 characters').optional().transform((v) => v || undefined);
/** An empty field is no filter. */
const blankIsNone = (value: unknown) => (value === '' ? undefined : value);
const optionalDate = z.preprocess(blankIsNone, z.iso.date('Enter a date like 2026-03-31').optional());

/** A cursor sent twice or too long is no cursor: the first page (a forged one is refused with 400 when opened). */
export const recordAccessQuerySchema = z.object({ cursor: z.string().max(2000).optional().catch(undefined) });

export const adminAuditQuerySchema = z.object({
  user: optionalText,
  patient: optionalText,
  action: z.preprocess(blankIsNone, z.enum(ACTION_CHOICES.map((c) => c.value) as [string, ...string[]], 'Pick an action from the list').optional()),
  from: optionalDate,
  to: optionalDate,
  cursor: z.string().optional(),
});

export type AdminAuditQuery = z.infer<typeof adminAuditQuerySchema>;
