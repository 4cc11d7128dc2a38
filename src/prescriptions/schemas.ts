/** The ids in prescription URLs and the two forms: revoking (doctor) and dispensing (pharmacist). */
import type { Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../platform/http/errors';

/** The prescription a URL names; a malformed id is "not found", never a database error. */
export function prescriptionIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.prescriptionId);
  if (!parsed.success) throw new NotFoundError('We could not find that prescription.');
  return parsed.data;
}

/** The verify link's id and signature as given; anything malformed is just an invalid link. */
export function verifyLinkOf(req: Request): { id?: string; sig?: string } {
  const id = z.uuid().safeParse(req.params.prescriptionId);
  const sig = z.string().max(200).safeParse(req.query.sig ?? req.body?.sig);
  return { id: id.success ? id.data : undefined, sig: sig.success ? sig.data : undefined };
}

export const revokeSchema = z.object({
  reason: z.string({ error: 'Say why the prescription is revoked' }).min(1, 'Say why the prescription is revoked').max(500, 'Keep the reason under 500 characters'),
});

export const dispenseSchema = z.object({
  sig: z.string().max(200).default(''),
  code: z
    .string({ error: 'Enter the one-time code printed on the prescription' })
    .min(1, 'Enter the one-time code printed on the prescription')
    .max(20, 'The code printed on the prescription is 8 letters and digits'),
});
