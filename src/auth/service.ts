/** Account rules: registration, log-in, e-mail verification, password reset and change. */
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Deps } from '../deps';
import { getHospital, getSpecialty } from '../directory';
import {
  consumeToken,
  createUser,
  DuplicateAccountError,
  getUserByEmail,
  getUserById,
  getUserByPhone,
  issueToken,
  saveUser,
  type NewUser,
  type User,
} from '../users';
import type { FieldErrors } from '../platform/validation';
import type { AuthLimits } from './limits';
import { hashPassword, verifyPassword } from './passwords';
import type { RegisterDoctorInput, RegisterPatientInput } from './schemas';

export interface AuthContext extends Pick<Deps, 'db' | 'mailer' | 'config' | 'logger'> {
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
 * Registers a patient or doctor and e-mails a verification link. An address that is already
 * registered gets a "you already have an account" e-mail instead, and the caller answers both
 * cases identically, so the form cannot be used to find out who is registered.
 */
export async function register(ctx: AuthContext, input: RegisterPatientInput | RegisterDoctorInput, role: 'patient' | 'doctor'): Promise<void> {
  const doctor = role === 'doctor' ? await doctorProfile(ctx, input as RegisterDoctorInput) : undefined;
  const newUser: NewUser = {
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
  };
  try {
    const user = await createUser(ctx.db, newUser);
    await sendVerificationEmail(ctx, user);
  } catch (error) {
    if (!(error instanceof DuplicateAccountError)) throw error;
    await sendQuietly(ctx, {
      to: input.email,
      subject: 'About your registration',
      template: error.field === 'email' ? 'account-exists' : 'phone-in-use',
      data: { name: input.firstName },
    });
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

export async function sendVerificationEmail(ctx: AuthContext, user: User): Promise<void> {
  const token = await issueToken(ctx.db, 'verify-email', user.id, VERIFY_TTL_SECONDS);
  await sendQuietly(ctx, {
    to: user.email,
    subject: 'Confirm your e-mail address',
    template: 'verify-email',
    data: { name: user.firstName, link: `${ctx.config.publicUrl}/verify-email?token=${token}` },
  });
}

/** Resends the link to a signed-in, unverified user; false when the per-account limit is reached. */
export async function resendVerification(ctx: AuthContext, user: User): Promise<boolean> {
  if (!(await ctx.limits.mayEmail(`verify:${user.id}`))) return false;
  await sendVerificationEmail(ctx, user);
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
  const token = await issueToken(ctx.db, 'reset-password', user.id, RESET_TTL_SECONDS, user.sessionEpoch);
  await sendQuietly(ctx, {
    to: user.email,
    subject: 'Reset your password',
    template: 'reset-password',
    data: { name: user.firstName, link: `${ctx.config.publicUrl}/reset-password?token=${token}` },
  });
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

/** Changes the password of a signed-in user after checking the current one; other sessions end. */
export async function changePassword(ctx: AuthContext, user: User, currentPassword: string, password: string): Promise<User> {
  await ctx.limits.countAttempt(`change:${user.id}`);
  if (!(await verifyPassword(currentPassword, user.passwordHash, ctx.config.bcryptCost))) {
    throw new FormRejectedError({ currentPassword: 'Your current password is not correct' });
  }
  await ctx.limits.clearAttempts(`change:${user.id}`);
  const passwordHash = await hashPassword(password, ctx.config.bcryptCost);
  const updated = await updateUser(ctx, user.id, (u) => ({ ...u, passwordHash, sessionEpoch: u.sessionEpoch + 1 }));
  await sendQuietly(ctx, { to: user.email, subject: 'Your password was changed', template: 'password-changed', data: { name: user.firstName } });
  return updated!;
}

async function updateUser(ctx: AuthContext, userId: string, change: (user: User) => User | undefined): Promise<User | undefined> {
  const user = await getUserById(ctx.db, userId);
  const next = user && change(user);
  return next ? saveUser(ctx.db, next) : undefined;
}

/**
 * Sends an account e-mail without failing the request when SES is down: the user can ask again.
 * (The notifications outbox will make these durable.)
 */
async function sendQuietly(ctx: AuthContext, message: Parameters<AuthContext['mailer']['send']>[0]): Promise<void> {
  try {
    await ctx.mailer.send(message);
  } catch (error) {
    ctx.logger.error({ err: error, template: message.template }, 'account e-mail failed');
  }
}
