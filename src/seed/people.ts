/** The demo hospital's people: an admin, approved and pending doctors, patients with logins, and a crowd of patients. */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { hashPassword } from '../auth';
import type { Db } from '../platform/db/client';
import { ConflictError } from '../platform/http/errors';
import { BLOOD_GROUPS, createUser, getUserByEmail, type NewUser, type User } from '../users';
import { otherPatientNames } from './demo-clinical';
import * as demo from './demo-data';
import { seededRandom } from './random';

export const ADMIN_EMAIL = 'admin@medtrack.local';

export interface DemoPeople {
  doctors: User[];
  /** The patients whose logins are published, the first one featured. */
  patients: User[];
  crowd: User[];
}

export async function seedPeople(db: Db, config: Config): Promise<DemoPeople> {
  const [adminHash, doctorHash, patientHash] = await Promise.all(
    [config.adminPassword, demo.DEMO_DOCTOR_PASSWORD, demo.DEMO_PATIENT_PASSWORD].map((p) => hashPassword(p, config.bcryptCost)),
  );
  const phones = phoneNumbers();
  const phone = () => phones.next().value!;
  await createOrFind(db, person('admin', { firstName: 'Hospital', lastName: 'Admin' }, ADMIN_EMAIL, phone(), adminHash));
  const doctors = await createAll(db, demo.approvedDoctors.map((d, i) => doctor(d, 'approved', phone(), doctorHash, demo.doctorIntroductions[i])));
  await createOrFind(db, doctor(demo.pendingDoctor, 'pending', phone(), doctorHash));
  const patients = await createAll(db, demo.patients.map(({ firstName, lastName, ...about }) => ({ ...person('patient', { firstName, lastName }, demo.emailFor({ firstName, lastName }), phone(), patientHash), ...about })));
  const crowd = await createAll(db, crowdNames().map((name) => crowdPatient(name, phone(), patientHash)));
  return { doctors, patients, crowd };
}

function person(role: NewUser['role'], name: { firstName: string; lastName: string }, email: string, phone: string, passwordHash: string): NewUser {
  return { id: randomUUID(), role, ...name, email, phone, passwordHash, emailVerified: true };
}

function doctor(d: (typeof demo.approvedDoctors)[number], approval: 'approved' | 'pending', phone: string, passwordHash: string, introduction = {}): NewUser {
  const { specialty, hospitalId, qualifications, yearsOfExperience, consultationFee, registrationNumber, gender } = d;
  return {
    ...person('doctor', d, demo.emailFor(d, 'dr.'), phone, passwordHash),
    gender,
    dateOfBirth: '1980-01-01',
    doctor: { specialty, hospitalId, qualifications, yearsOfExperience, consultationFee, registrationNumber, approval, ...introduction },
  };
}

type CrowdName = (typeof otherPatientNames)[number];

/** Twice as many people as name pairs: each first name again with another family name. */
function crowdNames(): CrowdName[] {
  const shifted = otherPatientNames.map(([first, , gender], i): CrowdName => [first, otherPatientNames[(i + 5) % otherPatientNames.length][1], gender]);
  return [...otherPatientNames, ...shifted];
}

const random = seededRandom(7);

function crowdPatient([firstName, lastName, gender]: CrowdName, phone: string, passwordHash: string): NewUser {
  const born = `${1950 + Math.floor(random.next() * 65)}-0${1 + Math.floor(random.next() * 9)}-1${Math.floor(random.next() * 9)}`;
  return {
    ...person('patient', { firstName, lastName }, demo.emailFor({ firstName, lastName }).replace('@', '@patients.'), phone, passwordHash),
    dateOfBirth: born,
    gender,
    bloodGroup: random.pick(BLOOD_GROUPS),
    // Their texts would only fill the recorded SMS list; their e-mails show the reminders working.
    smsNotifications: false,
  };
}

function* phoneNumbers(): Generator<string> {
  for (let n = 10; ; n++) yield `+91984500${String(n).padStart(4, '0')}`;
}

async function createAll(db: Db, users: NewUser[]): Promise<User[]> {
  const created: User[] = [];
  for (const user of users) created.push(await createOrFind(db, user));
  return created;
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
