/** Account rules: registration, log-in, e-mail verification, password reset and change. */
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Deps } from '../deps';
import { getHospital, getSpecialty } from '../directory';
import { notify, type Notification } from '../notifications';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { ValidationError } from '../platform/http/errors';
import type { FieldErrors } from '../platform/validation';
import {
  consumeToken,
  DuplicateAccountError,
  getUserByEmail,
  getUserById,
  getUserByPhone,
  stageNewUser,
  stageToken,
  stageUserChange,
  updateUser,
  type User,
} from '../users';
import { AccountDeactivatedError, InvalidCredentialsError } from './errors';
import type { AuthLimits, LoginClient } from './limits';
import { accountExistsNotice, passwordChangedNotice, passwordResetNotice, phoneInUseNotice, verificationNotice } from './notices';
import { hashPassword, verifyPassword } from './passwords';
import type { RegisterDoctorInput, RegisterPatientInput } from './schemas';

export interface AuthContext extends Pick<Deps, 'db' | 'config' | 'outbox' | 'alerts' | 'logger' | 'background'> {
  limits: AuthLimits;
}

const VERIFY_TTL_SECONDS = 24 * 60 * 60;
const RESET_TTL_SECONDS = 60 * 60;

/**
 * Registers a patient or doctor; the account, its verification token and the mail with the link
 * commit together. An address that is already registered gets a "you already have an account"
 * e-mail instead, and the caller answers both cases identically, so the form cannot be used to
 * find out who is registered. The mobile number is not claimed until a code sent to it proves it
 * (phone.ts): if someone already verified it, that owner is told, never the registrant.
 */
export async function register(ctx: AuthContext, input: RegisterPatientInput | RegisterDoctorInput, role: 'patient' | 'doctor'): Promise<void> {
  const doctor = role === 'doctor' ? await doctorProfile(ctx, input as RegisterDoctorInput) : undefined;
  const work = new UnitOfWork(ctx.db);
  const user = stageNewUser(work, {
    id: randomUUID(),
    role,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone: input.phone,
    phoneVerified: false,
    passwordHash: await hashPassword(input.password, ctx.config.bcryptCost),
    emailVerified: false,
    dateOfBirth: input.dateOfBirth,
    gender: input.gender,
    bloodGroup: 'bloodGroup' in input ? input.bloodGroup : undefined,
    doctor,
  });
  try {
    await notify(ctx, [verificationMail(ctx, work, user)], work);
  } catch (error) {
    if (!(error instanceof DuplicateAccountError)) throw error;
    await notify(ctx, [accountExistsNotice(user.id, input)]);
    return;
  }
  // After answering, like a reset request: a number someone uses must not make the answer slower.
  ctx.background.run(() => tellPhoneOwner(ctx, user));
}

/** Someone registered with a number another account has verified: its owner hears of it (at most 3 times in 15 minutes). */
async function tellPhoneOwner(ctx: AuthContext, registrant: User): Promise<void> {
  const owner = await getUserByPhone(ctx.db, registrant.phone);
  if (!owner || owner.id === registrant.id || !(await ctx.limits.mayNotify(`phone-in-use:${owner.id}`))) return;
  await notify(ctx, [phoneInUseNotice(owner)]);
}

async function doctorProfile(ctx: AuthContext, input: RegisterDoctorInput) {
  const [specialty, hospital] = await Promise.all([getSpecialty(ctx.db, input.specialty), getHospital(ctx.db, input.hospitalId)]);
  const errors: FieldErrors = {};
  if (!specialty || specialty.retiredAt) errors.specialty = 'Choose a specialty from the list';
  if (!hospital) errors.hospitalId = 'Choose a hospital from the list';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {
    specialty: input.specialty,
    hospitalId: input.hospitalId,
    qualifications: input.qualifications,
    yearsOfExperience: input.yearsOfExperience,
    consultationFee: input.consultationFee,
    approval: 'pending' as const,
  };
}

/** The key lockouts count under: the identifier as the user typed it, normalised. */
export function accountKey(identifier: string, defaultCountry: string): string {
  const value = identifier.trim().toLowerCase();
  if (value.includes('@')) return value;
  return parsePhoneNumberFromString(value, defaultCountry as CountryCode)?.number ?? value;
}

/**
 * Checks e-mail-or-phone and password under the lockout (limits.ts); returns the active user, or
 * throws InvalidCredentialsError (or AccountDeactivatedError, once the password was right); a
 * failure on a known account goes to `noteFailure` (the sign-in history). The attempt is counted
 * before the check, so parallel guesses cannot outrun the lock. A phone logs in once verified.
 */
export async function logIn(ctx: AuthContext, identifier: string, password: string, clientFor: (userId?: string) => LoginClient, noteFailure: (userId: string, outcome: 'wrong-password' | 'locked' | 'deactivated') => void = () => {}): Promise<User> {
  const key = accountKey(identifier, ctx.config.defaultCountry);
  const user = key.includes('@') ? await getUserByEmail(ctx.db, key) : key.startsWith('+') ? await getUserByPhone(ctx.db, key) : undefined;
  const client = clientFor(user?.id);
  const attempt = await ctx.limits.countAttempt(key, client).catch((error: unknown) => {
    if (user) noteFailure(user.id, 'locked');
    throw error;
  });
  if (attempt.raiseAlarm) ctx.background.run(() => raiseAttackAlarm(ctx));
  if (attempt.delayMs) await setTimeout(attempt.delayMs);
  const matches = await verifyPassword(password, user?.passwordHash, ctx.config.bcryptCost);
  if (user && !matches) noteFailure(user.id, 'wrong-password');
  if (!user || !matches) throw new InvalidCredentialsError();
  await ctx.limits.clearAttempts(key, client);
  if (user.status === 'active') return user;
  noteFailure(user.id, 'deactivated');
  throw new AccountDeactivatedError();
}

async function raiseAttackAlarm(ctx: AuthContext): Promise<void> {
  const failures = ctx.config.rateLimits.attackAlertFailures;
  ctx.logger.warn({ failures }, 'login.attack');
  await ctx.alerts.raise(
    'Log-in attack on one account',
    `One account has had ${failures} failed log-ins within an hour from browsers it has not used before. ` +
      'Its owner can still log in from their own browsers; others now wait longer between attempts. Check the access logs for the addresses involved.',
  );
}

/** Stages a fresh verification token in `work`; the mail with its link must commit with it. */
function verificationMail(ctx: AuthContext, work: UnitOfWork, user: User): Notification {
  const token = stageToken(work, 'verify-email', user.id, VERIFY_TTL_SECONDS);
  return verificationNotice(user, `${ctx.config.publicUrl}/verify-email?token=${token}`);
}

/** Resends the link to a signed-in, unverified user; false when the per-account limit is reached. */
export async function resendVerification(ctx: AuthContext, user: User): Promise<boolean> {
  if (!(await ctx.limits.mayNotify(`verify:${user.id}`))) return false;
  const work = new UnitOfWork(ctx.db);
  await notify(ctx, [verificationMail(ctx, work, user)], work);
  return true;
}

/** Uses a verification link once; returns the verified user, or undefined for a bad link. */
export async function verifyEmail(ctx: AuthContext, token: string): Promise<User | undefined> {
  const claim = await consumeToken(ctx.db, 'verify-email', token);
  if (!claim) return undefined;
  const user = await getUserById(ctx.db, claim.userId);
  return user && updateUser(ctx.db, user, { emailVerified: true });
}

/**
 * E-mails a reset link if the address belongs to an active account; silent either way. The caller
 * answers before this runs (see handlers), so a registered address costs no more time than an
 * unknown one: the answer cannot tell who is registered.
 */
export async function requestPasswordReset(ctx: AuthContext, email: string): Promise<void> {
  const user = await getUserByEmail(ctx.db, email);
  if (!user || user.status !== 'active') return;
  if (!(await ctx.limits.mayNotify(`reset:${user.id}`))) return;
  const work = new UnitOfWork(ctx.db);
  const token = stageToken(work, 'reset-password', user.id, RESET_TTL_SECONDS, user.sessionEpoch);
  await notify(ctx, [passwordResetNotice(user, `${ctx.config.publicUrl}/reset-password?token=${token}`)], work);
}

/** Sets a new password from a reset link; every session of the user ends. */
export async function resetPassword(ctx: AuthContext, token: string, password: string): Promise<User | undefined> {
  const claim = await consumeToken(ctx.db, 'reset-password', token);
  if (!claim) return undefined;
  const user = await getUserById(ctx.db, claim.userId);
  // A link issued before another password change is stale.
  if (!user || user.sessionEpoch !== claim.sessionEpoch) return undefined;
  const passwordHash = await hashPassword(password, ctx.config.bcryptCost);
  return updateUser(ctx.db, user, { passwordHash, emailVerified: true, sessionEpoch: user.sessionEpoch + 1 });
}

/**
 * Changes the password of a signed-in user after checking the current one; other sessions end.
 * The notice (e-mail and inbox) commits with the new password.
 */
export async function changePassword(ctx: AuthContext, user: User, currentPassword: string, password: string): Promise<User> {
  await ctx.limits.countGuess(`change:${user.id}`);
  if (!(await verifyPassword(currentPassword, user.passwordHash, ctx.config.bcryptCost))) {
    throw new ValidationError({ currentPassword: 'Your current password is not correct' });
  }
  await ctx.limits.clearGuesses(`change:${user.id}`);
  const passwordHash = await hashPassword(password, ctx.config.bcryptCost);
  const work = new UnitOfWork(ctx.db);
  const updated = stageUserChange(work, user, { passwordHash, sessionEpoch: user.sessionEpoch + 1 });
  await notify(ctx, [passwordChangedNotice(user)], work);
  return updated;
}
