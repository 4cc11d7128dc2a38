/** Seeds the demo hospital once per database; safe to rerun after a crash half-way through. */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { savePlan } from '../appointments';
import { hashPassword } from '../auth';
import { createHospital, createSpecialty } from '../directory';
import type { Db } from '../platform/db/client';
import { ConflictError } from '../platform/http/errors';
import { createUser, getUserByEmail, type NewUser, type User } from '../users';
import * as demo from './demo-data';

const SEED_MARKER = { pk: 'SEED', sk: 'demo-v1' };
const ADMIN_EMAIL = 'admin@medtrack.local';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

export function demoLogins(config: Pick<Config, 'adminPassword'>): DemoLogin[] {
  return [
    { role: 'admin', email: ADMIN_EMAIL, password: config.adminPassword },
    { role: 'doctor', email: demo.emailFor(demo.approvedDoctors[0], 'dr.'), password: demo.DEMO_DOCTOR_PASSWORD },
    { role: 'patient', email: demo.emailFor(demo.patients[0]), password: demo.DEMO_PATIENT_PASSWORD },
    { role: 'pending', email: demo.emailFor(demo.pendingDoctor, 'dr.'), password: demo.DEMO_DOCTOR_PASSWORD },
  ];
}

/**
 * Returns true when it seeded now, false when the database was already seeded. Local mode only:
 * every demo account's password is published (config.ts refuses MEDTRACK_SEED=true in aws mode).
 */
export async function seedDemoData({ config, db }: { config: Config; db: Db }): Promise<boolean> {
  if (config.mode !== 'local') throw new Error('The demo hospital is seeded in local mode only; use `npm run create-admin` in aws mode.');
  const marker = await db.doc.send(new GetCommand({ TableName: db.tables.directory, Key: SEED_MARKER }));
  if (marker.Item) return false;
  for (const hospital of demo.hospitals) await ignoreExisting(createHospital(db, hospital));
  for (const specialty of demo.specialties) await ignoreExisting(createSpecialty(db, specialty));
  const [adminHash, doctorHash, patientHash] = await Promise.all(
    [config.adminPassword, demo.DEMO_DOCTOR_PASSWORD, demo.DEMO_PATIENT_PASSWORD].map((p) => hashPassword(p, config.bcryptCost)),
  );
  const phones = phoneNumbers();
  const users: NewUser[] = [
    { ...person('admin', { firstName: 'Hospital', lastName: 'Admin' }, ADMIN_EMAIL, phones.next().value!, adminHash) },
    ...demo.approvedDoctors.map((d) => doctor(d, 'approved', phones.next().value!, doctorHash)),
    doctor(demo.pendingDoctor, 'pending', phones.next().value!, doctorHash),
    ...demo.patients.map((p) => ({ ...person('patient', p, demo.emailFor(p), phones.next().value!, patientHash), dateOfBirth: p.dateOfBirth, gender: p.gender, bloodGroup: p.bloodGroup })),
  ];
  const seeded = [];
  for (const user of users) seeded.push(await createOrFind(db, user));
  const doctors = seeded.filter((u) => u.role === 'doctor');
  await Promise.all(doctors.map((d, i) => ignoreExisting(savePlan(db, d.id, demo.weeklyPlans[i % demo.weeklyPlans.length], 0))));
  await db.doc.send(new PutCommand({ TableName: db.tables.directory, Item: { ...SEED_MARKER, at: new Date().toISOString() } }));
  return true;
}

function person(role: NewUser['role'], name: { firstName: string; lastName: string }, email: string, phone: string, passwordHash: string): NewUser {
  return { id: randomUUID(), role, ...name, email, phone, passwordHash, emailVerified: true };
}

function doctor(d: (typeof demo.approvedDoctors)[number], approval: 'approved' | 'pending', phone: string, passwordHash: string): NewUser {
  const { specialty, hospitalId, qualifications, yearsOfExperience, consultationFee, gender } = d;
  return {
    ...person('doctor', d, demo.emailFor(d, 'dr.'), phone, passwordHash),
    gender,
    dateOfBirth: '1980-01-01',
    doctor: { specialty, hospitalId, qualifications, yearsOfExperience, consultationFee, approval },
  };
}

function* phoneNumbers(): Generator<string> {
  for (let n = 10; ; n++) yield `+9198450000${n}`;
}

/** A rerun after a crash finds the users the first run created, with their ids. */
async function createOrFind(db: Db, user: NewUser): Promise<User> {
  try {
    return await createUser(db, user);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return (await getUserByEmail(db, user.email))!;
  }
}

async function ignoreExisting(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}
