/** Account rules: registration, log-in, e-mail verification, password reset and change. */
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Deps } from '../deps';
import { getHospital, getSpecialty } from '../directory';
import { notify, type Notification, type TransactItem } from '../notifications';
import { withConflict } from '../platform/db/errors';
import type { FieldErrors } from '../platform/validation';
import {
  ACCOUNT_CHANGED,
  consumeToken,
  duplicateAccountIn,
  getUserByEmail,
  getUserById,
  getUserByPhone,
  newToken,
  saveUser,
  userCreation,
  userSave,
  type User,
} from '../users';
import type { AuthLimits } from './limits';
import { passwordChangedNotice, passwordResetNotice, registrationRefusedNotice, verificationNotice } from './notices';
import { hashPassword, verifyPassword } from './passwords';
import type { RegisterDoctorInput, RegisterPatientInput } from './schemas';

export interface AuthContext extends Pick<Deps, 'db' | 'config' | 'outbox'> {
  limits: AuthLimits;
}

const VERIFY_TTL_SECONDS = 24 * 60 * 60;
const RESET_TTL_SECONDS = 60 * 60;

export class FormRejectedError extends Error {
  constructor(readonly errors: FieldErrors) {
    super('form rejected');
  }
}

export class InvalidCredentialsError extends Error {}

/**
 * Registers a patient or doctor; the account, its verification token and the mail with the link
 * commit together. An address that is already registered gets a "you already have an account"
 * e-mail instead, and the caller answers both cases identically, so the form cannot be used to
 * find out who is registered.
 */
export async function register(ctx: AuthContext, input: RegisterPatientInput | RegisterDoctorInput, role: 'patient' | 'doctor'): Promise<void> {
  const doctor = role === 'doctor' ? await doctorProfile(ctx, input as RegisterDoctorInput) : undefined;
  const { user, writes } = userCreation(ctx.db, {
    id: randomUUID(),
    role,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone: input.phone,
    passwordHash: await hashPassword(input.password, ctx.config.bcryptCost),
    emailVerified: false,
    dateOfBirth: input.dateOfBirth,
    gender: input.gender,
    bloodGroup: 'bloodGroup' in input ? input.bloodGroup : undefined,
    doctor,
  });
  const verification = verificationMail(ctx, user);
  try {
    await notify(ctx, [verification.notice], [...writes, verification.put]);
  } catch (error) {
    const duplicate = duplicateAccountIn(error);
    if (!duplicate) throw error;
    await notify(ctx, [registrationRefusedNotice(user.id, input, duplicate.field)]);
  }
}

async function doctorProfile(ctx: AuthContext, input: RegisterDoctorInput) {
  const [specialty, hospital] = await Promise.all([getSpecialty(ctx.db, input.specialty), getHospital(ctx.db, input.hospitalId)]);
  const errors: FieldErrors = {};
  if (!specialty) errors.specialty = 'Choose a specialty from the list';
  if (!hospital) errors.hospitalId = 'Choose a hospital from the list';
  if (Object.keys(errors).length) throw new FormRejectedError(errors);
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
 * Checks e-mail-or-phone and password under the lockout; returns the user or throws. The attempt
 * is counted before the check, so parallel guesses cannot outrun the lock.
 */
export async function logIn(ctx: AuthContext, identifier: string, password: string): Promise<User> {
  const key = accountKey(identifier, ctx.config.defaultCountry);
  await ctx.limits.countAttempt(key);
  const user = key.includes('@') ? await getUserByEmail(ctx.db, key) : key.startsWith('+') ? await getUserByPhone(ctx.db, key) : undefined;
  const matches = await verifyPassword(password, user?.passwordHash, ctx.config.bcryptCost);
  if (!user || !matches) throw new InvalidCredentialsError();
  await ctx.limits.clearAttempts(key);
  return user;
}

/** A fresh verification token and the mail with its link, to be committed together. */
function verificationMail(ctx: AuthContext, user: User): { put: TransactItem; notice: Notification } {
  const { token, put } = newToken(ctx.db, 'verify-email', user.id, VERIFY_TTL_SECONDS);
  return { put, notice: verificationNotice(user, `${ctx.config.publicUrl}/verify-email?token=${token}`) };
}

/** Resends the link to a signed-in, unverified user; false when the per-account limit is reached. */
export async function resendVerification(ctx: AuthContext, user: User): Promise<boolean> {
  if (!(await ctx.limits.mayEmail(`verify:${user.id}`))) return false;
  const { put, notice } = verificationMail(ctx, user);
  await notify(ctx, [notice], [put]);
  return true;
}

/** Uses a verification link once; returns the verified user, or undefined for a bad link. */
export async function verifyEmail(ctx: AuthContext, token: string): Promise<User | undefined> {
  const claim = await consumeToken(ctx.db, 'verify-email', token);
  if (!claim) return undefined;
  return updateUser(ctx, claim.userId, (user) => ({ ...user, emailVerified: true }));
}

/** E-mails a reset link if the address belongs to an active account; silent either way. */
export async function requestPasswordReset(ctx: AuthContext, email: string): Promise<void> {
  const user = await getUserByEmail(ctx.db, email);
  if (!user || user.status !== 'active') return;
  if (!(await ctx.limits.mayEmail(`reset:${user.id}`))) return;
  const { token, put } = newToken(ctx.db, 'reset-password', user.id, RESET_TTL_SECONDS, user.sessionEpoch);
  await notify(ctx, [passwordResetNotice(user, `${ctx.config.publicUrl}/reset-password?token=${token}`)], [put]);
}

/** Sets a new password from a reset link; every session of the user ends. */
export async function resetPassword(ctx: AuthContext, token: string, password: string): Promise<User | undefined> {
  const claim = await consumeToken(ctx.db, 'reset-password', token);
  if (!claim) return undefined;
  const passwordHash = await hashPassword(password, ctx.config.bcryptCost);
  return updateUser(ctx, claim.userId, (user) =>
    // A link issued before another password change is stale.
    user.sessionEpoch !== claim.sessionEpoch ? undefined : { ...user, passwordHash, emailVerified: true, sessionEpoch: user.sessionEpoch + 1 },
  );
}

/**
 * Changes the password of a signed-in user after checking the current one; other sessions end.
 * The notice (e-mail and inbox) commits with the new password.
 */
export async function changePassword(ctx: AuthContext, user: User, currentPassword: string, password: string): Promise<User> {
  await ctx.limits.countAttempt(`change:${user.id}`);
  if (!(await verifyPassword(currentPassword, user.passwordHash, ctx.config.bcryptCost))) {
    throw new FormRejectedError({ currentPassword: 'Your current password is not correct' });
  }
  await ctx.limits.clearAttempts(`change:${user.id}`);
  const passwordHash = await hashPassword(password, ctx.config.bcryptCost);
  const { user: updated, put } = userSave(ctx.db, { ...user, passwordHash, sessionEpoch: user.sessionEpoch + 1 });
  await withConflict(ACCOUNT_CHANGED, () => notify(ctx, [passwordChangedNotice(user)], [put]));
  return updated;
}

async function updateUser(ctx: AuthContext, userId: string, change: (user: User) => User | undefined): Promise<User | undefined> {
  const user = await getUserById(ctx.db, userId);
  const next = user && change(user);
  return next ? saveUser(ctx.db, next) : undefined;
}
