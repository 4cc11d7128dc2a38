/** The timeline's filter (a GET form) and the patient id in a doctor's URL. */
import type { Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../platform/http/errors';
import { TIMELINE_KINDS } from '../platform/timeline';

/** An empty field is no filter; one ticked box arrives as a string, several as a list. */
const blankIsNone = (value: unknown) => (value === '' ? undefined : value);
const asList = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);
const optionalDate = z.preprocess(blankIsNone, z.iso.date('Enter a date like 2026-03-31').optional());

export const timelineQuerySchema = z.object({
  kind: z.preprocess(asList, z.array(z.enum(TIMELINE_KINDS, 'Pick what to show from the list')).max(TIMELINE_KINDS.length)),
  from: optionalDate,
  to: optionalDate,
  cursor: z.string().max(2000).optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'The end date must be on or after the start date' });

export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

/** The patient a doctor's URL names; a malformed id is "not found", never a database error. */
export function patientIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.patientId);
  if (!parsed.success) throw new NotFoundError('We could not find that patient.');
  return parsed.data;
}
