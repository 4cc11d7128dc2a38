/** Form data for the registration pages, the directory entries doctors need, and token ageing. */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../../src/deps';
import { createHospital, createSpecialty } from '../../src/directory';
import { ConflictError } from '../../src/platform/http/errors';
import { hashToken } from '../../src/users';
import { uniqueEmail, uniquePhone } from './users';

export const NEW_PASSWORD = 'a long enough password';

export function patientForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    firstName: 'Meena',
    lastName: 'Iyer',
    email: uniqueEmail('meena'),
    phone: uniquePhone(),
    password: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
    dateOfBirth: '1992-03-14',
    gender: 'female',
    bloodGroup: 'O-',
    ...overrides,
  };
}

export function doctorForm(overrides: Record<string, string> = {}): Record<string, string> {
  const { bloodGroup: _none, ...person } = patientForm({ firstName: 'Arjun', lastName: 'Rao', email: uniqueEmail('dr.arjun') });
  return {
    ...person,
    specialty: 'cardiology',
    hospitalId: 'city-general',
    qualifications: 'MBBS, MD (Cardiology)',
    yearsOfExperience: '12',
    consultationFee: '800',
    ...overrides,
  };
}

const ignoreConflict = (error: unknown) => {
  if (!(error instanceof ConflictError)) throw error;
};

/** The hospital and specialty the demo seed would create; other test files may have made them. */
export async function ensureCityGeneralCardiology(deps: Deps): Promise<void> {
  await Promise.all([
    createHospital(deps.db, { id: 'city-general', name: 'City General Hospital', city: 'Pune', address: '1 Hospital Road', phone: '+912012345678' }).catch(ignoreConflict),
    createSpecialty(deps.db, { slug: 'cardiology', name: 'Cardiology', description: 'Heart and blood vessels' }).catch(ignoreConflict),
  ]);
}

/** Letters only, for names the directory forms accept (no digits allowed there). */
export function uniqueLetters(length = 8): string {
  return randomUUID()
    .replace(/-/g, '')
    .slice(0, length)
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]);
}

/** The secret in an e-mailed link. */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** Makes an e-mailed token look as if its lifetime ran out a minute ago. */
export async function expireToken(deps: Deps, token: string): Promise<void> {
  await deps.db.doc.send(
    new UpdateCommand({
      TableName: deps.db.tables.users,
      Key: { pk: `TOKEN#${hashToken(token)}`, sk: 'TOKEN' },
      UpdateExpression: 'SET expiresAt = :past',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 60 },
    }),
  );
}
