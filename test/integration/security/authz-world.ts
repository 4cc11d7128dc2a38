/**
 * The people and things the authorization matrix (authz-matrix.test.ts) works with: one actor of
 * each kind, each with its own session and CSRF token, and objects that belong to `patient` and
 * `doctor`, so that `otherPatient` and `otherDoctor` are strangers to them. Built once per run.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import type { Express } from 'express';
import { addLeave } from '../../../src/appointments';
import { ARCHIVE_ROOT, dayFolder, emptyManifest, writeManifest } from '../../../src/archive/layout';
import { bookAppointment } from '../../../src/appointments/booking/service';
import type { Appointment } from '../../../src/appointments/types';
import { createPrescription } from '../../../src/prescriptions/repository';
import { printedParts } from '../../../src/prescriptions/service';
import { hashCode } from '../../../src/prescriptions/signature';
import type { Prescription } from '../../../src/prescriptions/types';
import { addFile } from '../../../src/records/vault/upload';
import { TINY_PNG } from '../../helpers/images';
import type { VaultFile } from '../../../src/records/vault/types';
import { joinWaitlist, type WaitlistEntry } from '../../../src/appointments/waitlist/service';
import type { Deps } from '../../../src/deps';
import { createSpecialty } from '../../../src/directory';
import { newNotification } from '../../../src/notifications';
import { deliverToInbox, type InboxEntry } from '../../../src/notifications/inbox';
import { outboxKey } from '../../../src/notifications/outbox';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology, uniqueLetters } from '../../helpers/accounts';
import { aDoctorWithPlan, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { $, csrfFrom, sessionCookie } from '../../helpers/http';
import { putStoredSession, sidOf, signInWithSession, storedSession, type StoredSession } from '../../helpers/sessions';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

export const ACTORS = ['anon', 'unverified', 'patient', 'otherPatient', 'pendingDoctor', 'doctor', 'otherDoctor', 'admin', 'deactivated'] as const;
export type ActorName = (typeof ACTORS)[number];

export const ACTOR_LABELS: Record<ActorName, string> = {
  anon: 'an anonymous visitor',
  unverified: 'a patient whose e-mail is not confirmed',
  patient: 'the patient who owns the objects',
  otherPatient: 'another patient',
  pendingDoctor: 'a doctor awaiting approval',
  doctor: 'the doctor who owns the objects',
  otherDoctor: 'another doctor',
  admin: 'an admin',
  deactivated: 'a deactivated user, still holding their session',
};

export interface Actor {
  name: ActorName;
  user?: User;
  /** `medtrack.sid=...`, sent as the Cookie header: no cookie jar, so a response cannot swap it. */
  cookie: string;
  csrf: string;
  sid: string;
  /** The deactivated user's session as stored before the deactivation, put back before each request. */
  restore?: StoredSession;
}

export interface Objects {
  /** patient's booked visit with doctor, some days ahead. */
  appointment: Appointment;
  /** Another of the same, for the doctor's visit steps (check-in and start change it). */
  visit: Appointment;
  /** patient's open waitlist entry, in a specialty nobody practises (the assigner never books it). */
  entry: WaitlistEntry;
  /** doctor's leave, one for the doctor's own page and one for the admin's. */
  leave: string;
  adminLeave: string;
  /** Users only admins act on: a doctor to approve or reject, a patient to deactivate and reactivate. */
  candidate: User;
  target: User;
  /** An outbox item of patient's, already delivered: the retry answers 409 and sends nothing. */
  notificationId: string;
  inboxEntry: Pick<InboxEntry, 'id' | 'createdAt'>;
  /** A day the archive browser lists (an empty manifest). */
  archivedDay: string;
  /** patient's active prescription from doctor (on `appointment`), and the query of its signed verify link. */
  prescription: Prescription;
  verifyQuery: string;
  /** A file in patient's medical vault (doctor cares for patient through `appointment`). */
  vaultFile: VaultFile;
}

export interface World {
  actors: Record<ActorName, Actor>;
  objects: Objects;
  /** Every actor's and object owner's e-mail, names and phone: none may ever reach a log line. */
  personalData: string[];
}

/** Names no other test uses, so a log line that names anyone is found by searching for them. */
const names = () => ({ firstName: `Zq${uniqueLetters(6)}`, lastName: `Xv${uniqueLetters(6)}` });

async function anonymous(app: Express): Promise<Actor> {
  const page = await request(app).get('/login');
  const cookie = sessionCookie(page);
  const csrf = $(page.text)('input[name=_csrf]').val();
  if (!cookie || typeof csrf !== 'string') throw new Error('the log-in page gave no session or CSRF token');
  return { name: 'anon', cookie, csrf, sid: sidOf(cookie) };
}

/** A new session for the actor, as after a fresh log-in (or a new anonymous visit). */
export async function freshSession(app: Express, actor: Actor): Promise<Actor> {
  if (actor.restore) return actor;
  if (!actor.user) return anonymous(app);
  const { agent, cookie, sid } = await signInWithSession(app, actor.user.email);
  return { ...actor, cookie, sid, csrf: await csrfFrom(agent, '/account/password') };
}

async function signedIn(app: Express, name: ActorName, user: User): Promise<Actor> {
  return freshSession(app, { name, user, cookie: '', csrf: '', sid: '' });
}

export async function send(app: Express, deps: Deps, actor: Actor, method: string, url: string, body: Record<string, string> = {}) {
  if (actor.restore) await putStoredSession(deps, actor.restore);
  const call = request(app)[method.toLowerCase() as 'get' | 'post'](url).set('Cookie', actor.cookie);
  return method === 'GET' ? call : call.type('form').send({ ...body, _csrf: actor.csrf });
}

/** The session id a response moved the actor to, if it set a new one. */
export function newSessionOf(response: request.Response, actor: Actor): string | undefined {
  const cookie = sessionCookie(response);
  if (!cookie || cookie.endsWith('=')) return undefined;
  const sid = sidOf(cookie);
  return sid === actor.sid ? undefined : sid;
}

async function objectsOf(deps: Deps, patient: User, doctor: User): Promise<Objects> {
  const zone = deps.config.timeZone;
  const date = futureWeekday(zone, 6);
  const book = async (hhmm: string) => {
    const result = await bookAppointment(deps, { patient, doctorId: doctor.id, start: instantAt(date, hhmm, zone), reason: 'Authorization matrix', idempotencyKey: randomUUID() });
    if (result.kind !== 'booked') throw new Error(`could not book ${hhmm}: ${result.kind}`);
    return result.appointment;
  };
  const leave = async (days: number) => {
    const id = randomUUID();
    const startsAt = instantAt(futureWeekday(zone, days), '00:00', zone);
    await addLeave(deps.db, doctor.id, { id, startsAt, endsAt: instantAt(futureWeekday(zone, days), '23:59', zone), reason: 'Conference' });
    return id;
  };
  const inbox = { title: 'Appointment booked', body: 'A visit was booked.', link: '/appointments' };
  const delivered = { ...newNotification({ event: 'appointment.booked', userId: patient.id }), inbox };
  await deliverToInbox(deps.db, delivered);
  const sent = newNotification({ event: 'appointment.booked', userId: patient.id });
  // Not in the due index: the dispatcher never picks it up, so it stays exactly as written.
  await deps.db.doc.send(
    new PutCommand({
      TableName: deps.db.tables.notifications,
      Item: { ...outboxKey(sent.id), ...sent, status: 'sent', channels: {}, messageIds: {}, attempts: 1, nextAttemptAt: sent.createdAt, sentAt: sent.createdAt },
    }),
  );
  const archivedDay = '2000-01-03';
  await writeManifest(deps.storage, dayFolder(ARCHIVE_ROOT, archivedDay), emptyManifest(archivedDay));
  const nobodyPractises = uniqueSpecialty('authz-none');
  await createSpecialty(deps.db, { slug: nobodyPractises, name: `Authz ${nobodyPractises}`, description: 'No doctor practises this' });
  const appointment = await book('10:00');
  const prescription = await prescriptionOf(deps, appointment);
  return {
    appointment,
    prescription,
    verifyQuery: `?${printedParts(deps, prescription).verifyUrl.split('?')[1]}`,
    visit: await book('11:00'),
    entry: await joinWaitlist(deps, patient, { specialty: nobodyPractises, from: date, to: date, reason: 'Authorization matrix' }),
    leave: await leave(20),
    adminLeave: await leave(24),
    candidate: await aDoctor(deps, { ...names(), doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 3, consultationFee: 500, approval: 'pending' } }),
    target: await aPatient(deps, names()),
    notificationId: sent.id,
    inboxEntry: { id: delivered.id, createdAt: delivered.createdAt },
    archivedDay,
    vaultFile: await addFile(deps, patient, patient, { title: 'Authz scan', kind: 'imaging', date: '2026-01-02' }, { bytes: TINY_PNG, displayName: 'scan.png', contentType: 'image/png' }),
  };
}

/** An active prescription of the visit, written as issuing would (the visit itself stays booked for the other rows). */
async function prescriptionOf(deps: Deps, appointment: Appointment): Promise<Prescription> {
  const prescription: Prescription = {
    id: randomUUID(), appointmentId: appointment.id, patientId: appointment.patientId, doctorId: appointment.doctorId, hospitalId: appointment.hospitalId,
    patientName: 'Authz Patient', doctorName: 'Dr Authz', lines: [{ drug: 'Authz medicine', dose: '1 tablet', frequency: 'daily', duration: '3 days' }],
    issuedAt: new Date().toISOString(), contentVersion: 1, status: 'active', dispenseCodeHash: hashCode('NOTACODE'), dispenseCodeKeyId: deps.config.prescriptions.signingKeys[0].id, version: 1,
  };
  await createPrescription(deps.db, prescription);
  return prescription;
}

export async function buildWorld(app: Express, deps: Deps): Promise<World> {
  await ensureCityGeneralCardiology(deps);
  const specialty = uniqueSpecialty('authz');
  await createSpecialty(deps.db, { slug: specialty, name: `Authz ${specialty}`, description: 'For the authorization matrix' });
  const pending = { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 2, consultationFee: 400, approval: 'pending' as const };
  const users = {
    unverified: await aPatient(deps, { ...names(), emailVerified: false }),
    patient: await aPatient(deps, names()),
    otherPatient: await aPatient(deps, names()),
    pendingDoctor: await aDoctor(deps, { ...names(), doctor: pending }),
    doctor: await aDoctorWithPlan(deps, specialty, undefined, names()),
    otherDoctor: await aDoctorWithPlan(deps, specialty, undefined, names()),
    admin: await anAdmin(deps, names()),
    deactivated: await aPatient(deps, names()),
  };
  const actors = { anon: await anonymous(app) } as Record<ActorName, Actor>;
  for (const name of ACTORS.filter((n): n is Exclude<ActorName, 'anon'> => n !== 'anon')) actors[name] = await signedIn(app, name, users[name]);

  // Signed in before an admin deactivated them: the session they hold is the one they had then.
  const restore = await storedSession(deps, actors.deactivated.sid);
  const deactivation = await send(app, deps, actors.admin, 'POST', `/admin/users/${users.deactivated.id}/deactivate`);
  if (deactivation.status !== 303 || !restore) throw new Error(`could not deactivate the user: ${deactivation.status}`);
  actors.deactivated.restore = restore;

  const objects = await objectsOf(deps, users.patient, users.doctor);
  const people = [...Object.values(users), objects.candidate, objects.target];
  return { actors, objects, personalData: people.flatMap((u) => [u.email, u.firstName, u.lastName, u.phone]) };
}

/**
 * allow: the request reached the handler: 2xx, a redirect other than the two below, or 400, 409 or
 *   422 (the handler refused the probe's empty or invalid body, or the object's state: no guard
 *   answers with these, so the request was authorised).
 * login: 302 to /login?next=... (requireRole with nobody signed in).
 * verify: 302 to /verify-email (requireVerifiedEmail). A handler's own 303 there is an allow.
 * forbidden: 403, but not the CSRF or cross-site refusal, which would mean the probe was broken.
 * notFound: 404.  unauthenticated: 401 (a JSON endpoint's "log in").
 */
export type Outcome = 'allow' | 'login' | 'verify' | 'forbidden' | 'notFound' | 'unauthenticated';

const CSRF_REFUSALS = ['This form has expired or did not come from MedTrack.', 'This form was sent from another site and was refused.'];

export function outcomeOf(response: request.Response): { outcome: Outcome | 'other'; seen: string } {
  const location = response.headers.location as string | undefined;
  const seen = `${response.status}${location ? ` -> ${location}` : ''}`;
  const { status } = response;
  if (status === 302 && location?.startsWith('/login?next=')) return { outcome: 'login', seen };
  if (status === 302 && location === '/verify-email') return { outcome: 'verify', seen };
  if (status < 400 || [400, 409, 422].includes(status)) return { outcome: 'allow', seen };
  if (status === 403 && CSRF_REFUSALS.some((refusal) => response.text.includes(refusal))) return { outcome: 'other', seen: `${seen} (refused as forged: the probe is broken)` };
  const denials: Record<number, Outcome> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'notFound' };
  return { outcome: denials[status] ?? 'other', seen };
}
