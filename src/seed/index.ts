/** Seeds the demo hospital once per database; safe to rerun after a crash half-way through. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { refreshAnalytics } from '../analytics';
import { savePlan } from '../appointments';
import { seedBloodBank } from '../bloodbank';
import { createHospital, createSpecialty } from '../directory';
import { ConflictError } from '../platform/http/errors';
import * as demo from './demo-data';
import { seedActivity, type SeedDeps } from './activity';
import { ADMIN_EMAIL, seedPeople } from './people';
import { seedVault } from './vault';

const SEED_MARKER = { pk: 'SEED', sk: 'demo-v1' };

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
export async function seedDemoData(deps: SeedDeps, now = new Date()): Promise<boolean> {
  const { config, db } = deps;
  if (config.mode !== 'local') throw new Error('The demo hospital is seeded in local mode only; use `npm run create-admin` in aws mode.');
  const marker = await db.doc.send(new GetCommand({ TableName: db.tables.directory, Key: SEED_MARKER }));
  if (marker.Item) return false;
  for (const hospital of demo.hospitals) await ignoreExisting(createHospital(db, hospital));
  for (const specialty of demo.specialties) await ignoreExisting(createSpecialty(db, specialty));
  const people = await seedPeople(db, config);
  const plans = new Map(people.doctors.map((d, i) => [d.id, demo.weeklyPlans[i % demo.weeklyPlans.length]]));
  await Promise.all([...plans].map(([doctorId, plan]) => ignoreExisting(savePlan(db, doctorId, plan, 0))));
  await Promise.all([seedActivity(deps, people, plans, now), seedVault(deps, people.patients[0], now)]);
  await seedBloodBank(deps, people.patients, now);
  // The admin's analytics pages have the seeded past to show before the hourly job first runs.
  await refreshAnalytics(deps, now);
  await db.doc.send(new PutCommand({ TableName: db.tables.directory, Item: { ...SEED_MARKER, at: now.toISOString() } }));
  return true;
}

async function ignoreExisting(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}
