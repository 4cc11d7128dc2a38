/** Builders for accounts with unique e-mails and phones, written straight to DynamoDB. */
import { randomInt, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Deps } from '../../src/deps';
import { enrolTotp } from '../../src/auth';
import { createUser, type NewUser, type User } from '../../src/users';
import { TOTP_SECRET } from './two-step';

export const PASSWORD = 'correct horse battery';
const passwordHash = bcrypt.hashSync(PASSWORD, 10);

export function uniqueEmail(label = 'user'): string {
  return `${label}.${Date.now().toString(36)}.${randomUUID().slice(0, 8)}@example.com`;
}

/** A valid Indian mobile number, random enough that parallel test files never share one. */
export function uniquePhone(): string {
  return `+9198${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

type Overrides = Partial<NewUser>;

function base(role: NewUser['role'], overrides: Overrides): NewUser {
  return {
    id: randomUUID(),
    role,
    firstName: 'Test',
    lastName: role === 'patient' ? 'Patient' : role === 'doctor' ? 'Doctor' : 'Admin',
    email: uniqueEmail(role),
    phone: uniquePhone(),
    passwordHash,
    emailVerified: true,
    dateOfBirth: '1990-05-17',
    gender: 'female',
    ...overrides,
  };
}

export const aPatient = (deps: Deps, overrides: Overrides = {}): Promise<User> => createUser(deps.db, base('patient', overrides));
/** An admin with two-step sign-in on (required for admins), its authenticator holding TOTP_SECRET: helpers/http signIn types its codes. */
export async function anAdmin(deps: Deps, overrides: Overrides = {}): Promise<User> {
  const admin = await createUser(deps.db, base('admin', overrides));
  return (await enrolTotp(deps, admin, TOTP_SECRET, { tell: false })).user;
}
/** An admin who has not set up two-step sign-in yet: the first log-in leads to its set-up. */
export const anAdminWithoutMfa = (deps: Deps, overrides: Overrides = {}): Promise<User> => createUser(deps.db, base('admin', overrides));
export const aDoctor = (deps: Deps, overrides: Overrides = {}): Promise<User> =>
  createUser(
    deps.db,
    base('doctor', {
      doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS, MD', yearsOfExperience: 8, consultationFee: 700, approval: 'approved' },
      ...overrides,
    }),
  );
