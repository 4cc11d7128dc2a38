/** The query strings of the audit pages. */
import { z } from 'zod';
import { ACTION_CHOICES } from './words';

const optionalText = z.string().trim().max(200, 'Keep it under 200 characters').optional().transform((v) => v || undefined);
const optionalDate = z.union([z.literal(''), z.iso.date('Enter a date')]).optional().transform((v) => v || undefined);

export const recordAccessQuerySchema = z.object({ cursor: z.string().optional() });

export const adminAuditQuerySchema = z.object({
  user: optionalText,
  patient: optionalText,
  action: z.union([z.literal(''), z.enum(ACTION_CHOICES.map((c) => c.value) as [string, ...string[]], 'Pick an action from the list')]).optional().transform((v) => v || undefined),
  from: optionalDate,
  to: optionalDate,
  cursor: z.string().optional(),
});

export type AdminAuditQuery = z.infer<typeof adminAuditQuerySchema>;
