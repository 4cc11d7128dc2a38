/**
 * The pharmacist's side, with no log-in: the signed link says whether the prescription can be
 * dispensed, showing only what dispensing needs; the one-time code printed on it marks it dispensed.
 * A wrong signature and a missing id get the very same answer, so ids cannot be probed.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../deps';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { ConflictError, TooManyRequestsError, ValidationError } from '../platform/http/errors';
import { createRateLimit, type RateLimit } from '../platform/rate-limit';
import { getPrescription, stageStatusChange } from './repository';
import { codeMatches, signatureValid } from './signature';
import type { Prescription } from './types';

type Ctx = Pick<Deps, 'db' | 'config'>;

export type VerifyState = 'invalid' | 'valid' | 'revoked' | 'expired' | 'dispensed';

/** What the verify page shows: nothing at all for an invalid link. */
export interface Verification {
  state: VerifyState;
  id?: string;
  /** For the audit only, never shown: whose prescription the link named, when it exists (even with a wrong signature). */
  audit?: { prescriptionId: string; patientId: string };
  view?: { lines: Prescription['lines']; doctorName: string; doctorRegistration?: string; issuedAt: string; validUntil: string; patientInitials: string; patientBirthYear?: string; dispensedAt?: string; revokedAt?: string };
}

const initialsOf = (name: string) => name.split(/\s+/).filter(Boolean).map((part) => `${[...part][0].toUpperCase()}.`).join(' ');

export function validUntil(ctx: Pick<Ctx, 'config'>, prescription: Pick<Prescription, 'issuedAt'>): DateTime {
  return DateTime.fromISO(prescription.issuedAt).plus({ days: ctx.config.prescriptions.validDays });
}

/** The state of the prescription a signed link names, as a pharmacist may see it. */
export async function verifyPrescription(ctx: Ctx, id: string | undefined, sig: string | undefined, now = new Date()): Promise<Verification> {
  const prescription = id ? await getPrescription(ctx.db, id) : undefined;
  if (!prescription) return { state: 'invalid' };
  const audit = { prescriptionId: prescription.id, patientId: prescription.patientId };
  if (!signatureValid(ctx.config.prescriptions.signingKeys, prescription, sig)) return { state: 'invalid', audit };
  return { state: stateOf(ctx, prescription, now), id: prescription.id, view: viewOf(ctx, prescription), audit };
}

/** Where a prescription stands today: its status, or expired once past its validity while still active. */
export function stateOf(ctx: Pick<Ctx, 'config'>, p: Prescription, now = new Date()): Exclude<VerifyState, 'invalid'> {
  if (p.status !== 'active') return p.status;
  return validUntil(ctx, p).toJSDate() < now ? 'expired' : 'valid';
}

function viewOf(ctx: Ctx, p: Prescription): NonNullable<Verification['view']> {
  return {
    lines: p.lines,
    doctorName: p.doctorName,
    doctorRegistration: p.doctorRegistration,
    issuedAt: p.issuedAt,
    validUntil: validUntil(ctx, p).toUTC().toISO()!,
    patientInitials: initialsOf(p.patientName),
    patientBirthYear: p.patientDateOfBirth?.slice(0, 4),
    dispensedAt: p.dispense?.at,
    revokedAt: p.revocation?.at,
  };
}

/** Guesses at dispense codes: per prescription (the code's real protection) and per address. */
export function dispenseLimits(ctx: Pick<Ctx, 'db'>) {
  return {
    perPrescription: createRateLimit(ctx.db, { keyPrefix: 'rx-code', points: 5, durationSeconds: 3600 }),
    perAddress: createRateLimit(ctx.db, { keyPrefix: 'rx-code-ip', points: 30, durationSeconds: 900 }),
  };
}

async function countGuess(limit: RateLimit, key: string): Promise<void> {
  const outcome = await limit.hit(key);
  if (!outcome.ok) throw new TooManyRequestsError('Too many codes were tried for this prescription. Wait an hour, or call the doctor’s hospital.', outcome.retryAfterSeconds);
}

/**
 * Marks a valid prescription dispensed, once, when the code printed on it is typed. Every try
 * counts against the limits; a wrong code changes nothing. A link that is not valid (or no longer:
 * dispensed, revoked, expired) is answered with its state, `dispensedNow` false.
 */
export async function dispensePrescription(ctx: Ctx, limits: ReturnType<typeof dispenseLimits>, input: { id: string; sig: string; code: string; ip: string }, now = new Date()) {
  const verification = await verifyPrescription(ctx, input.id, input.sig, now);
  if (verification.state !== 'valid') return { verification, dispensedNow: false };
  await countGuess(limits.perAddress, input.ip);
  await countGuess(limits.perPrescription, input.id);
  const before = (await getPrescription(ctx.db, input.id))!;
  if (!codeMatches(input.code, before.dispenseCodeHash)) throw new ValidationError({ code: 'That code does not match this prescription. Check the code printed on it.' });
  const work = new UnitOfWork(ctx.db);
  stageStatusChange(work, before, { ...before, status: 'dispensed', dispense: { at: now.toISOString() } });
  await work.commit().catch((error: unknown) => {
    if (error instanceof ConflictError) throw new ConflictError('This prescription was dispensed or revoked a moment ago.', { code: 'This prescription was dispensed or revoked a moment ago.' });
    throw error;
  });
  return { verification: await verifyPrescription(ctx, input.id, input.sig, now), dispensedNow: true };
}
