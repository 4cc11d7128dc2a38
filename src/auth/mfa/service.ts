/**
 * Two-step sign-in rules: enrolment with an authenticator app (TOTP, RFC 6238), checking a code
 * or a recovery code, and turning it off or resetting it. See README.md beside this file.
 */
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { notify } from '../../notifications';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import type { Role } from '../../platform/http/guards';
import { ValidationError } from '../../platform/http/errors';
import { stageUserChange, type User } from '../../users';
import type { AuthContext } from '../service';
import { mfaChangedNotice } from './notices';
import { claimTimeStep, getFactor, listRecoveryCodes, stageFactor, stageRecoveryCodes, stageRemoval, useRecoveryCode } from './repository';
import { looksLikeRecoveryCode, mfaSecrets, newRecoveryCodes } from './secrets';

export type MfaContext = AuthContext;

/** Codes of the step before and after the current one pass too: phone clocks drift. */
const TOLERANCE_SECONDS = 30;
export const WRONG_CODE = 'That code is not right. Type the 6-digit code your authenticator app shows now, or one of your recovery codes.';

export const mayUseMfa = (role: Role) => role === 'admin' || role === 'doctor';
export const mfaRequired = (config: MfaContext['config'], role: Role) => (config.mfaRequiredRoles as Role[]).includes(role);

export interface Enrolment {
  /** The new secret, sealed: what the session keeps until the user confirms a code. */
  sealed: string;
  secret: string;
  qrDataUrl: string;
}

/** A new secret to show (as a QR code and as text), sealed for the session, or the one already shown. */
export async function enrolmentFor(ctx: MfaContext, user: User, sealed?: string): Promise<Enrolment> {
  const secrets = mfaSecrets(ctx.config.session.secrets);
  const secret = (sealed && secrets.open(sealed)?.secret) || generateSecret();
  const uri = generateURI({ issuer: ctx.config.hospitalName, label: user.email, secret });
  const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
  return { sealed: sealed && secrets.open(sealed) ? sealed : secrets.seal(secret), secret, qrDataUrl };
}

/** The time step of `code` if it is right for `secret` and newer than `afterStep`. */
export async function checkTotp(secret: string, code: string, afterStep?: number): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({ secret, token: code, epochTolerance: TOLERANCE_SECONDS, afterTimeStep: afterStep });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/**
 * Turns two-step sign-in on with this secret: the factor, its recovery codes (hashed) and the
 * user's flag commit together, and every other session of the user ends (sessionEpoch). Returns
 * the user as saved and the recovery codes, which are never readable again. `tell: false` is for
 * accounts set up by a script, whose owner has not signed in yet.
 */
export async function enrolTotp(
  ctx: Pick<MfaContext, 'db' | 'config' | 'outbox'>,
  user: User,
  secret: string,
  { lastStep = 0, tell = true, now = new Date() }: { lastStep?: number; tell?: boolean; now?: Date } = {},
): Promise<{ user: User; recoveryCodes: string[] }> {
  const secrets = mfaSecrets(ctx.config.session.secrets);
  const recoveryCodes = newRecoveryCodes();
  const work = new UnitOfWork(ctx.db);
  stageRemoval(work, user.id, await listRecoveryCodes(ctx.db, user.id), false);
  stageFactor(work, user.id, { sealedSecret: secrets.seal(secret), lastStep, enabledAt: now.toISOString() }, recoveryCodes.map((code) => secrets.recoveryHashes(code)[0]));
  const updated = stageUserChange(work, user, { mfaEnabledAt: now.toISOString(), sessionEpoch: user.sessionEpoch + 1 });
  await notify(ctx, tell ? [mfaChangedNotice(user, true)] : [], work);
  return { user: updated, recoveryCodes };
}

/** Confirms enrolment with the first code from the app (guesses counted like passwords). */
export async function confirmEnrolment(ctx: MfaContext, user: User, sealed: string | undefined, code: string) {
  await ctx.limits.countGuess(`mfa-setup:${user.id}`);
  const secret = sealed && mfaSecrets(ctx.config.session.secrets).open(sealed)?.secret;
  if (!secret) throw new ValidationError({ code: 'This set-up page has expired. Scan the new QR code below and type its code.' });
  const step = await checkTotp(secret, code);
  if (step === undefined) throw new ValidationError({ code: 'That code is not right. Type the 6-digit code your authenticator app shows now.' });
  await ctx.limits.clearGuesses(`mfa-setup:${user.id}`);
  return enrolTotp(ctx, user, secret, { lastStep: step });
}

/**
 * Checks a second factor: an authenticator code not used before (its time step is claimed with a
 * conditional write, so the same code sent twice at once passes once), or an unused recovery code
 * (marked used the same way). Undefined when neither.
 */
export async function checkSecondFactor(ctx: MfaContext, userId: string, code: string): Promise<'totp' | 'recovery' | undefined> {
  const factor = await getFactor(ctx.db, userId);
  if (!factor) return undefined;
  const secrets = mfaSecrets(ctx.config.session.secrets);
  if (looksLikeRecoveryCode(code)) return (await useRecoveryCode(ctx.db, userId, secrets.recoveryHashes(code))) ? 'recovery' : undefined;
  const opened = secrets.open(factor.sealedSecret);
  if (!opened) {
    ctx.logger.error({ userId }, 'mfa secret cannot be opened: was its session secret dropped?');
    return undefined;
  }
  const step = await checkTotp(opened.secret, code.trim(), factor.lastStep);
  if (step === undefined) return undefined;
  return (await claimTimeStep(ctx.db, userId, step, opened.stale ? secrets.seal(opened.secret) : undefined)) ? 'totp' : undefined;
}

/** A code the signed-in user typed to confirm a change of their two-step sign-in (guesses counted). */
async function requireCode(ctx: MfaContext, user: User, code: string): Promise<void> {
  await ctx.limits.countGuess(`mfa-check:${user.id}`);
  if (!(await checkSecondFactor(ctx, user.id, code))) throw new ValidationError({ code: WRONG_CODE });
  await ctx.limits.clearGuesses(`mfa-check:${user.id}`);
}

/** How many recovery codes the user has left. */
export async function unusedRecoveryCodes(ctx: Pick<MfaContext, 'db'>, userId: string): Promise<number> {
  return (await listRecoveryCodes(ctx.db, userId)).filter((code) => !code.usedAt).length;
}

/** Ten new recovery codes replace the old ones, used or not. */
export async function regenerateRecoveryCodes(ctx: MfaContext, user: User, code: string): Promise<string[]> {
  await requireCode(ctx, user, code);
  const secrets = mfaSecrets(ctx.config.session.secrets);
  const codes = newRecoveryCodes();
  const work = new UnitOfWork(ctx.db);
  stageRemoval(work, user.id, await listRecoveryCodes(ctx.db, user.id), false);
  stageRecoveryCodes(work, user.id, codes.map((c) => secrets.recoveryHashes(c)[0]));
  await work.commit();
  return codes;
}

/** Removes the factor and its codes and clears the user's flag, ending every session; for turning off and for an admin's reset. */
export async function removeFactor(ctx: Pick<MfaContext, 'db' | 'outbox'>, user: User, notice: Parameters<typeof notify>[1]): Promise<User> {
  const work = new UnitOfWork(ctx.db);
  stageRemoval(work, user.id, await listRecoveryCodes(ctx.db, user.id));
  const updated = stageUserChange(work, user, { mfaEnabledAt: undefined, sessionEpoch: user.sessionEpoch + 1 });
  await notify(ctx, notice, work);
  return updated;
}

/** A staff member whose role does not require it turns two-step sign-in off, with a current code. */
export async function turnOffMfa(ctx: MfaContext, user: User, code: string): Promise<User> {
  if (mfaRequired(ctx.config, user.role)) throw new ValidationError({ code: 'Two-step sign-in is required for your role: it cannot be turned off.' });
  await requireCode(ctx, user, code);
  return removeFactor(ctx, user, [mfaChangedNotice(user, false)]);
}
