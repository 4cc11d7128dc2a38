/** A visit's id in the URL, and the forms on a visit: cancel, and move to another time. */
import type { Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../platform/http/errors';

export const appointmentIdSchema = z.uuid();

/** The visit a URL names; a malformed id is "not found", never a database error. */
export function appointmentIdParam(req: Request): string {
  const parsed = appointmentIdSchema.safeParse(req.params.appointmentId);
  if (!parsed.success) throw new NotFoundError('We could not find that appointment.');
  return parsed.data;
}

export const cancelAppointmentSchema = z.object({
  reason: z.string().trim().max(500, 'Keep the reason under 500 characters').optional(),
});

export const rescheduleQuerySchema = z.object({ date: z.iso.date().optional().catch(undefined) });
export const rescheduleSchema = z.object({ start: z.iso.datetime({ offset: true, error: 'Choose a new time from the list.' }) });

/** Page cursors of the patient's two lists (sealed: a forged or foreign one is refused with 400 when opened). */
export const listCursorsSchema = z.object({
  upcoming: z.string().max(2000).optional().catch(undefined),
  past: z.string().max(2000).optional().catch(undefined),
});
