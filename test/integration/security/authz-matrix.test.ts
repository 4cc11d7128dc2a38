/**
 * T-AUTHZ-01: the authorization matrix. Every route the app's router holds (built in local mode,
 * so /dev/* is there too) is requested by every kind of actor, with objects that belong to someone
 * else where the route takes an id, and must answer as its row in MATRIX says (the outcomes are
 * defined in authz-world.ts). A route without a row fails, and so does a row whose route is gone:
 * a route is not finished until its row is written here.
 *
 * Probe bodies are empty unless a row says otherwise: an allowed POST mostly ends in a 422 and
 * changes nothing. A denied request must leave the row's object exactly as it was; a stranger's
 * 404 must be the very page a missing id gets; every 403 and e-mail redirect is logged once as
 * `authz.denied`, with ids only.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import pino from 'pino';
import request from 'supertest';
import { getSchedule } from '../../../src/appointments';
import { getHospital, getSpecialty } from '../../../src/directory';
import { getAppointment } from '../../../src/appointments/repository';
import { listWaitlistForPatient } from '../../../src/appointments/waitlist/service';
import { acquireLease } from '../../../src/jobs/lease';
import { listRecentRuns } from '../../../src/jobs/runs';
import { listInbox } from '../../../src/notifications/inbox';
import { outboxKey } from '../../../src/notifications/outbox';
import { removePhoto, replacePhoto } from '../../../src/doctor-profile/service';
import { getPrescription } from '../../../src/prescriptions/repository';
import { changeFile } from '../../../src/records/vault/changes';
import { getFile } from '../../../src/records/vault/repository';
import { getUserById, type Role } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { aDonationBooking, fakeBloodBank } from '../../helpers/donations';
import { getBooking } from '../../../src/donation-booking/repository';
import { bloodBankWorld, type BloodBankWorld } from '../../helpers/bloodbank';
import { $, messages } from '../../helpers/http';
import { TINY_PNG } from '../../helpers/images';
import { routeLabel, routesOf } from '../../helpers/routes';
import { ACTOR_LABELS, ACTORS, buildWorld, freshSession, newSessionOf, outcomeOf, send, type Actor, type ActorName, type Outcome, type World } from './authz-world';

type LogLine = Record<string, unknown> & { msg?: string; req?: { id?: string } };
const logged: LogLine[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as LogLine) });
const { app, deps } = buildTestApp({ MEDTRACK_MODE: 'local' }, { logger, bloodBankReads: fakeBloodBank().reads });

let w: World;
/** The patient's donation booking (the blood bank's calendar). */
let donationBookingId: string;
const user = (name: ActorName) => w.actors[name].user!;

type Expect = Record<ActorName, Outcome>;
const everyone = (outcome: Outcome) => Object.fromEntries(ACTORS.map((name) => [name, outcome])) as Expect;
const ALL_ROLES: Role[] = ['patient', 'doctor', 'admin'];

/** requireRole(...roles), followed by requireVerifiedEmail (`email`) and requireApprovedDoctor (`approval`). */
function guard(roles: Role[], { email = true, approval = true } = {}): Expect {
  const role = (r: Role): Outcome => (roles.includes(r) ? 'allow' : 'forbidden');
  return {
    anon: 'login',
    deactivated: 'login',
    unverified: roles.includes('patient') && email ? 'verify' : role('patient'),
    patient: role('patient'),
    otherPatient: role('patient'),
    pendingDoctor: roles.includes('doctor') && approval ? 'forbidden' : role('doctor'),
    doctor: role('doctor'),
    otherDoctor: role('doctor'),
    admin: role('admin'),
  };
}

const PUBLIC = everyone('allow');
/** requireRole alone: any signed-in account, e-mail confirmed or not, doctor approved or not. */
const SIGNED_IN = guard(ALL_ROLES, { email: false, approval: false });
/** A confirmed e-mail too; a doctor awaiting approval still has an inbox. */
const CONFIRMED = guard(ALL_ROLES, { approval: false });
/** The pages about visits: a confirmed e-mail, and an approved doctor. */
const CARE = guard(ALL_ROLES);
const PATIENTS = guard(['patient']);
const DOCTORS = guard(['doctor']);
const ADMINS = guard(['admin']);
/** Staff (two-step sign-in): requireRole('doctor', 'admin') alone, before approval too. */
const STAFF = guard(['doctor', 'admin'], { email: false, approval: false });

/** Only `owners` may see the row's object: whoever else passed the guards gets 404, as for a missing one. */
const ownedBy = (base: Expect, ...owners: ActorName[]): Expect =>
  Object.fromEntries(ACTORS.map((name) => [name, base[name] === 'allow' && !owners.includes(name) ? 'notFound' : base[name]])) as Expect;

interface Row {
  expect: Expect;
  /** Values of the route's :params where they differ from PARAMS. */
  params?: Record<string, () => string>;
  query?: string | (() => string);
  body?: () => Record<string, string>;
  /** For an object named in the body: the same body naming one that does not exist. */
  missingBody?: () => Record<string, string>;
  /** The object's state, for an object named in the body (params are watched by WATCHERS). */
  watch?: () => Promise<unknown>;
  /** The request ends the session (log-out): each actor sends it from a fresh one, after all other rows. */
  endsSession?: true;
  /** Set up before the row's requests; returns the undo. */
  around?: () => Promise<() => Promise<void>>;
}

const r = (expect: Expect, extras: Omit<Row, 'expect'> = {}): Row => ({ expect, ...extras });
const inboxEntry = () => ({ id: w.objects.inboxEntry.id, createdAt: w.objects.inboxEntry.createdAt });
const visit = { params: { appointmentId: () => w.objects.visit.id } };
const candidate = { params: { userId: () => w.objects.candidate.id } };
const target = { params: { userId: () => w.objects.target.id } };
/** Holds the job's lease, so the admin's "run now" is answered (409, already running) without running it. */
const holdingLease = (job: string) => async () => {
  const lease = await acquireLease(deps.db, job, 60_000);
  return async () => lease?.release();
};

/** Gives the doctor a photo for the row's requests, removed again after. */
const withPhoto = (name: ActorName) => async () => {
  const withOne = await replacePhoto(deps, (await getUserById(deps.db, user(name).id))!, TINY_PNG);
  return async () => void (await removePhoto(deps, (await getUserById(deps.db, withOne.id))!));
};

/** After the patient's own probe changed the vault file (hid or deleted it), puts it back for the rows below. */
const undoing = (change: 'unhide' | 'restore') => async () => async () => void (await changeFile(deps, (await getUserById(deps.db, user('patient').id))!, w.objects.vaultFile.id, change));
const CARE_PARTY = guard(['patient', 'doctor']);

let blood: BloodBankWorld;
/** The blood-bank objects a row's parameter names (made after the world, below). */
const bb = {
  lot: { params: { lotId: () => blood.lot.id } },
  donor: { params: { donorId: () => blood.donor.id } },
  donation: { params: { donationId: () => blood.donation.id } },
  failedDonation: { params: { donationId: () => blood.failedDonation.id } },
  request: { params: { requestId: () => blood.request.id } },
  cancelTarget: { params: { requestId: () => blood.cancelTarget.id } },
};

const MATRIX: Record<string, Row> = {
  'GET /healthz': r(PUBLIC),
  'GET /readyz': r(PUBLIC),
  'GET /inbox': r(CONFIRMED),
  'GET /inbox/unread.json': r({ ...PUBLIC, anon: 'unauthenticated', deactivated: 'unauthenticated' }),
  'POST /inbox/read': r(ownedBy(CONFIRMED, 'patient'), {
    body: inboxEntry,
    missingBody: () => ({ ...inboxEntry(), id: randomUUID() }),
    watch: async () => (await listInbox(deps.db, user('patient').id)).find((e) => e.id === w.objects.inboxEntry.id),
  }),
  'POST /inbox/read-all': r(CONFIRMED),
  'GET /': r(PUBLIC),
  'GET /patient': r(PATIENTS),
  'GET /register': r(PUBLIC),
  'POST /register': r(PUBLIC),
  'GET /register/doctor': r(PUBLIC),
  'POST /register/doctor': r(PUBLIC),
  'GET /login': r(PUBLIC),
  'POST /login': r(PUBLIC),
  'POST /logout': r(PUBLIC, { endsSession: true }),
  'GET /verify-email': r({ ...PUBLIC, anon: 'login', deactivated: 'login' }),
  'POST /verify-email': r(PUBLIC),
  'POST /verify-email/resend': r(SIGNED_IN),
  'GET /forgot-password': r(PUBLIC),
  'POST /forgot-password': r(PUBLIC),
  'GET /reset-password': r(PUBLIC, { query: '?token=not-a-real-token' }),
  'POST /reset-password': r(PUBLIC),
  'GET /account/password': r(SIGNED_IN),
  'POST /account/password': r(SIGNED_IN),
  'GET /account/phone': r(SIGNED_IN),
  'POST /account/phone/code': r(SIGNED_IN),
  'POST /account/phone/verify': r(SIGNED_IN),
  'GET /account/phone/change': r(SIGNED_IN),
  'POST /account/phone/change': r(SIGNED_IN),
  'POST /account/phone/change/verify': r(SIGNED_IN),
  'GET /account/email': r(SIGNED_IN),
  'POST /account/email': r(SIGNED_IN),
  // The link's token is the proof, as for /verify-email: it may be opened on a device not signed in.
  'GET /account/email/confirm': r(PUBLIC, { query: '?token=not-a-real-token' }),
  'POST /account/email/confirm': r(PUBLIC),
  'GET /account': r(SIGNED_IN),
  // The log-in's second step: with nothing awaiting a code, everyone is sent back to the log-in page.
  'GET /login/two-step': r(PUBLIC),
  'POST /login/two-step': r(PUBLIC),
  'GET /account/two-step': r(STAFF),
  'GET /account/two-step/setup': r(STAFF),
  'POST /account/two-step/setup': r(STAFF),
  'POST /account/two-step/recovery-codes': r(STAFF),
  'POST /account/two-step/turn-off': r(STAFF),
  'GET /account/sign-ins': r(SIGNED_IN),
  'POST /account/notifications': r(SIGNED_IN),
  // A patient's own profile: even before the e-mail is confirmed, like the rest of /account.
  'GET /account/profile': r(guard(['patient'], { email: false })),
  'POST /account/profile': r(guard(['patient'], { email: false })),
  'GET /doctors': r(PUBLIC),
  'GET /hospitals': r(PUBLIC),
  'GET /guidelines': r(PUBLIC),
  // A doctor's own profile (no id in the path): open before approval too, so it is ready when patients first see it.
  'GET /doctor/profile': r(guard(['doctor'], { approval: false })),
  'POST /doctor/profile': r(guard(['doctor'], { approval: false })),
  'POST /doctor/profile/photo': r(guard(['doctor'], { approval: false })),
  'POST /doctor/profile/photo/remove': r(guard(['doctor'], { approval: false })),
  // A doctor awaiting approval shows their photo only to themselves and admins; to anyone else it is missing.
  'GET /doctors/:doctorId/photo': r(
    { ...everyone('notFound'), pendingDoctor: 'allow', admin: 'allow' },
    { params: { doctorId: () => user('pendingDoctor').id }, around: withPhoto('pendingDoctor') },
  ),
  'GET /appointments': r(PATIENTS),
  'GET /appointments/new': r(PATIENTS),
  'POST /appointments': r(PATIENTS),
  'POST /waitlist': r(PATIENTS),
  'POST /waitlist/:entryId/withdraw': r(ownedBy(PATIENTS, 'patient')),
  'GET /appointments/:appointmentId': r(ownedBy(CARE, 'patient', 'doctor', 'admin')),
  // The confirmation before cancelling: what happens and who is told.
  'GET /appointments/:appointmentId/cancel': r(ownedBy(CARE, 'patient', 'doctor', 'admin')),
  // A reason too long to accept: the owners get 422 and the visit stays booked for the rows below.
  'POST /appointments/:appointmentId/cancel': r(ownedBy(CARE, 'patient', 'doctor', 'admin'), { body: () => ({ reason: 'x'.repeat(501) }) }),
  'POST /appointments/:appointmentId/rate': r(ownedBy(PATIENTS, 'patient')),
  'GET /appointments/:appointmentId/reschedule': r(ownedBy(CARE, 'patient', 'doctor', 'admin')),
  'POST /appointments/:appointmentId/reschedule': r(ownedBy(CARE, 'patient', 'doctor', 'admin')),
  // The one doctor page open before approval: it says the registration awaits an admin.
  'GET /doctor': r(guard(['doctor'], { approval: false })),
  'GET /doctor/day.json': r(DOCTORS),
  'POST /appointments/:appointmentId/check-in': r(ownedBy(DOCTORS, 'doctor'), visit),
  'POST /appointments/:appointmentId/start': r(ownedBy(DOCTORS, 'doctor'), visit),
  'POST /appointments/:appointmentId/no-show': r(ownedBy(DOCTORS, 'doctor'), visit),
  'POST /appointments/:appointmentId/complete': r(ownedBy(DOCTORS, 'doctor'), visit),
  // A correction of the record: the visit's doctor only (the empty probe is 422; the visit is not completed anyway: 409).
  'POST /appointments/:appointmentId/addenda': r(ownedBy(DOCTORS, 'doctor'), visit),
  // The ICD-10 picker's search: any approved doctor (the list is public data, but the picker is theirs).
  'GET /doctor/icd10.json': r(DOCTORS, { query: '?q=j06' }),
  'GET /admin/appointments': r(ADMINS),
  'GET /admin/appointments/:appointmentId/reassign': r(ADMINS),
  'POST /admin/appointments/:appointmentId/reassign': r(ADMINS),
  'GET /doctor/schedule': r(DOCTORS),
  'POST /doctor/schedule': r(DOCTORS),
  'POST /doctor/schedule/leave': r(DOCTORS),
  'POST /doctor/schedule/leave/:leaveId/remove': r(ownedBy(DOCTORS, 'doctor')),
  'GET /admin/doctors/:userId/schedule': r(ADMINS),
  'POST /admin/doctors/:userId/schedule': r(ADMINS),
  'POST /admin/doctors/:userId/schedule/leave': r(ADMINS),
  'POST /admin/doctors/:userId/schedule/leave/:leaveId/remove': r(ADMINS, { params: { leaveId: () => w.objects.adminLeave } }),
  'GET /admin': r(ADMINS),
  'GET /admin/doctors': r(ADMINS),
  'POST /admin/doctors/:userId/approve': r(ADMINS, candidate),
  'POST /admin/doctors/:userId/reject': r(ADMINS, candidate),
  'GET /admin/users': r(ADMINS),
  'GET /admin/users/:userId': r(ADMINS, target),
  'POST /admin/users/:userId/deactivate': r(ADMINS, target),
  'POST /admin/users/:userId/reactivate': r(ADMINS, target),
  // The target has no two-step sign-in: the admin is told so, and nothing changes.
  'POST /admin/users/:userId/mfa/reset': r(ADMINS, target),
  'GET /admin/hospitals': r(ADMINS),
  'POST /admin/hospitals': r(ADMINS),
  // Editing a hospital or a specialty: an empty form is a 422 (no version), so the probes change nothing.
  'GET /admin/hospitals/:hospitalId/edit': r(ADMINS),
  'POST /admin/hospitals/:hospitalId': r(ADMINS),
  'GET /admin/specialties': r(ADMINS),
  'POST /admin/specialties': r(ADMINS),
  'GET /admin/specialties/:specialtyId': r(ADMINS),
  'POST /admin/specialties/:specialtyId/rename': r(ADMINS),
  'POST /admin/specialties/:specialtyId/retire': r(ADMINS),
  'POST /admin/specialties/:specialtyId/restore': r(ADMINS),
  'GET /admin/outbox': r(ADMINS),
  'POST /admin/outbox/:notificationId/retry': r(ADMINS),
  'GET /admin/jobs': r(ADMINS),
  'POST /admin/jobs/:name/run': r(ADMINS, { around: holdingLease('waitlist-assigner') }),
  'GET /admin/archive': r(ADMINS),
  'GET /admin/archive/:day': r(ADMINS),
  // The audit pages: a patient's own "who looked at my record", and the admin log.
  'GET /account/record-access': r(PATIENTS),
  'GET /admin/audit': r(ADMINS, { query: '?action=view' }),
  // Provider analytics: admins only (counts and doctors' names, no patient data).
  'GET /admin/analytics': r(ADMINS),
  'GET /admin/analytics/workload': r(ADMINS),
  'GET /admin/analytics/fairness': r(ADMINS),
  'GET /admin/analytics/flow': r(ADMINS, { query: '?format=csv' }),
  // A prescription: its visit's patient and prescribing doctor only (admins do not need it; a stranger gets 404).
  'GET /appointments/:appointmentId/prescription': r(ownedBy(guard(['patient', 'doctor']), 'patient', 'doctor')),
  'GET /prescriptions/:prescriptionId.pdf': r(ownedBy(guard(['patient', 'doctor']), 'patient', 'doctor')),
  'GET /prescriptions/:prescriptionId': r(ownedBy(guard(['patient', 'doctor']), 'patient', 'doctor')),
  // An empty reason: the prescribing doctor gets 422, and the prescription stays active for the rows below.
  'POST /prescriptions/:prescriptionId/revoke': r(ownedBy(DOCTORS, 'doctor')),
  // The pharmacist's page: no log-in, the signed link is the proof; an empty code is 422 and dispenses nothing.
  'GET /verify/prescriptions/:prescriptionId': r(PUBLIC, { query: () => w.objects.verifyQuery }),
  'POST /verify/prescriptions/:prescriptionId/dispense': r(PUBLIC, { query: () => w.objects.verifyQuery }),
  // The health timeline: a patient's own; a doctor's for a patient they care for (a stranger gets 404). Admins
  // do not see it: a clinical view, with no care relationship behind it (they have the audit log).
  'GET /timeline': r(PATIENTS),
  'GET /patients/:patientId/timeline': r(ownedBy(DOCTORS, 'doctor'), { params: { patientId: () => user('patient').id } }),
  // The medical vault: the patient's own lists and upload form; the upload itself also for doctors (an empty form is a 422).
  'GET /records': r(PATIENTS),
  'GET /records/deleted': r(PATIENTS),
  'GET /records/upload': r(PATIENTS),
  'POST /records/upload': r(CARE_PARTY),
  // A patient's files: the patient and the doctor caring for them (a visit booked); admins are no care party.
  'GET /patients/:patientId/files': r(ownedBy(CARE_PARTY, 'patient', 'doctor')),
  // A doctor adds a file only during a visit today (checked in or started): the world's visit is days ahead.
  'GET /patients/:patientId/files/new': r({ ...DOCTORS, doctor: 'notFound', otherDoctor: 'notFound' }),
  'GET /patients/:patientId/files/:fileId': r(ownedBy(CARE_PARTY, 'patient', 'doctor')),
  'GET /patients/:patientId/files/:fileId/download': r(ownedBy(CARE_PARTY, 'patient', 'doctor')),
  'GET /patients/:patientId/files/:fileId/preview': r(ownedBy(CARE_PARTY, 'patient', 'doctor')),
  // Only the patient changes a file; hiding and deleting are undone after the row, and an empty share or unshare is a 422.
  'POST /patients/:patientId/files/:fileId/hide': r(ownedBy(PATIENTS, 'patient'), { around: undoing('unhide') }),
  'POST /patients/:patientId/files/:fileId/unhide': r(ownedBy(PATIENTS, 'patient')),
  'POST /patients/:patientId/files/:fileId/share': r(ownedBy(PATIENTS, 'patient')),
  'POST /patients/:patientId/files/:fileId/unshare': r(ownedBy(PATIENTS, 'patient')),
  'POST /patients/:patientId/files/:fileId/delete': r(ownedBy(PATIENTS, 'patient'), { around: undoing('restore') }),
  'POST /patients/:patientId/files/:fileId/restore': r(ownedBy(PATIENTS, 'patient')),
  // The blood bank: its officers are admins. Empty forms are 422s and change nothing; cancel has its own request.
  'GET /admin/blood-bank': r(ADMINS),
  'GET /admin/blood-bank/lots': r(ADMINS),
  'GET /admin/blood-bank/lots/:lotId': r(ADMINS, bb.lot),
  'POST /admin/blood-bank/lots/:lotId/discard': r(ADMINS, bb.lot),
  'GET /admin/blood-bank/donors': r(ADMINS),
  'POST /admin/blood-bank/donors': r(ADMINS),
  'POST /admin/blood-bank/patients/:patientId/donor': r(ADMINS),
  'GET /admin/blood-bank/donors/:donorId': r(ADMINS, bb.donor),
  'POST /admin/blood-bank/donors/:donorId/donations': r(ADMINS, bb.donor),
  'GET /admin/blood-bank/screening': r(ADMINS),
  'GET /admin/blood-bank/follow-ups': r(ADMINS),
  'GET /admin/blood-bank/donations/:donationId': r(ADMINS, bb.donation),
  'POST /admin/blood-bank/donations/:donationId/screening': r(ADMINS, bb.donation),
  'POST /admin/blood-bank/donations/:donationId/follow-up': r(ADMINS, bb.failedDonation),
  'GET /admin/blood-bank/requests': r(ADMINS),
  'GET /admin/blood-bank/requests/new': r(ADMINS),
  'POST /admin/blood-bank/requests': r(ADMINS),
  'GET /admin/blood-bank/requests/:requestId': r(ADMINS, bb.request),
  'POST /admin/blood-bank/requests/:requestId/issue': r(ADMINS, bb.request),
  'POST /admin/blood-bank/requests/:requestId/reserve': r(ADMINS, bb.request),
  'POST /admin/blood-bank/requests/:requestId/cancel': r(ADMINS, bb.cancelTarget),
  // Local mode only (never mounted in aws mode), and only from this computer: dev tooling, open to all there.
  'GET /dev/mailbox': r(PUBLIC, { query: '?to=nobody.authz@example.com' }),
  // The blood bank: its page is public (levels in words, no donor data); donors are patients; the day's bookings are the officer's (admins).
  'GET /blood-bank': r(PUBLIC),
  'GET /blood-bank/book': r(PATIENTS),
  'POST /blood-bank/bookings': r(PATIENTS),
  'GET /blood-bank/bookings': r(PATIENTS),
  // The patient's own probe cancels it, last.
  'POST /blood-bank/bookings/:bookingId/cancel': r(ownedBy(PATIENTS, 'patient')),
  'GET /admin/blood-bank/bookings': r(ADMINS),
};

/** Whose objects the route parameters name, unless a row says otherwise. */
const PARAMS: Record<string, () => string> = {
  appointmentId: () => w.objects.appointment.id,
  entryId: () => w.objects.entry.id,
  leaveId: () => w.objects.leave,
  userId: () => user('doctor').id,
  notificationId: () => w.objects.notificationId,
  name: () => 'waitlist-assigner',
  day: () => w.objects.archivedDay,
  prescriptionId: () => w.objects.prescription.id,
  patientId: () => user('patient').id,
  fileId: () => w.objects.vaultFile.id,
  bookingId: () => donationBookingId,
  hospitalId: () => 'city-general',
  specialtyId: () => 'cardiology',
};

/** The state of the object a parameter names, read straight from the tables. */
const WATCHERS: Record<string, (value: string) => Promise<unknown>> = {
  appointmentId: (id) => getAppointment(deps.db, id),
  entryId: async (id) => (await listWaitlistForPatient(deps.db, user('patient').id)).find((e) => e.id === id),
  leaveId: async (id) => (await getSchedule(deps.db, user('doctor').id)).leave.find((l) => l.id === id),
  userId: (id) => getUserById(deps.db, id),
  notificationId: async (id) => (await deps.db.doc.send(new GetCommand({ TableName: deps.db.tables.notifications, Key: outboxKey(id), ConsistentRead: true }))).Item,
  name: (job) => listRecentRuns(deps.db, job),
  prescriptionId: (id) => getPrescription(deps.db, id),
  fileId: (id) => getFile(deps.db, user('patient').id, id),
  bookingId: (id) => getBooking(deps.db, id),
  hospitalId: (id) => getHospital(deps.db, id),
  specialtyId: (slug) => getSpecialty(deps.db, slug),
};

const routes = routesOf(app).map(routeLabel);
const paramsOf = (label: string) => [...label.matchAll(/:(\w+)/g)].map((m) => m[1]);
/** Routes in the order they match, log-out last; rows whose route is gone are left to the coverage test. */
const runnable = routes.filter((label) => MATRIX[label]).sort((a, b) => Number(Boolean(MATRIX[a].endsSession)) - Number(Boolean(MATRIX[b].endsSession)));

const unexpectedAllows: string[] = [];
const ran = new Set<string>();

/** The error page's own text, without a flash message an earlier request of the actor left for the next page. */
const errorPage = (html: string) => $(html)('.error-page').text().replace(/\s+/g, ' ').trim();

/** The authz.denied lines of one request, found by the id it answered with. */
const denialsOf = (response: { headers: Record<string, unknown> }) =>
  logged.filter((line) => line.msg === 'authz.denied' && line.req?.id === response.headers['x-request-id']);

function logProblems(actor: Actor, expected: Outcome, lines: LogLine[]): string[] {
  const want = { forbidden: 'forbidden', verify: 'email-unverified', notFound: 'not-yours' }[expected as string];
  if (!want) return lines.length ? [`logged authz.denied on an outcome that is no denial: ${JSON.stringify(lines)}`] : [];
  // A stranger's 404 is logged where the code can tell "someone else's" from "missing"; never more than once.
  if (!lines.length) return expected === 'notFound' ? [] : [`no authz.denied line for the ${expected}`];
  const [line] = lines;
  const ok = lines.length === 1 && line.denied === want && line.userId === actor.user?.id && line.role === actor.user?.role;
  return ok ? [] : [`authz.denied logged wrongly: ${JSON.stringify(lines)}`];
}

beforeAll(async () => {
  w = await buildWorld(app, deps);
  donationBookingId = (await aDonationBooking(deps, fakeBloodBank().reads, user('patient'))).id;
  blood = await bloodBankWorld(deps, user('patient').id);
});

describe('T-AUTHZ-01: the authorization matrix', () => {
  it('has a row for every route in the router, and none for a route that is gone', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(new Set(routes).size).toBe(routes.length);
    const problems = [
      ...routes.filter((label) => !MATRIX[label]).map((label) => `route has no row in the authorization matrix: ${label}`),
      ...Object.keys(MATRIX).filter((label) => !routes.includes(label)).map((label) => `row names a route that no longer exists: ${label}`),
    ];
    expect(problems).toEqual([]);
  });

  it.each(runnable)('%s answers every actor as its row says', async (label) => {
    const row = MATRIX[label];
    const [method, path] = label.split(' ');
    const names = paramsOf(path);
    const fill = (value: (name: string) => string) => path.replace(/:(\w+)/g, (_m, name: string) => value(name)) + (typeof row.query === 'function' ? row.query() : (row.query ?? ''));
    const valueOf = (name: string) => {
      const value = row.params?.[name] ?? PARAMS[name];
      if (!value) throw new Error(`${label}: no object for :${name}; add it to PARAMS or to the row's params`);
      return value();
    };
    const url = fill(valueOf);
    const watch = () => Promise.all([...names.map((name) => WATCHERS[name]?.(valueOf(name))), row.watch?.()]).then((state) => JSON.stringify(state));
    const problems: string[] = [];
    const undo = await row.around?.();
    try {
      // The denied go first, so that a missing guard acts on the object as the owners left it: untouched.
      for (const name of [...ACTORS].sort((a, b) => Number(row.expect[a] === 'allow') - Number(row.expect[b] === 'allow'))) {
        const actor = row.endsSession ? await freshSession(app, w.actors[name]) : w.actors[name];
        const expected = row.expect[name];
        const before = expected !== 'allow' && method !== 'GET' ? await watch() : undefined;
        const response = await send(app, deps, actor, method, url, row.body?.());
        const { outcome, seen } = outcomeOf(response);
        const wrong = (why: string) => problems.push(`${ACTOR_LABELS[name]}: ${why}`);
        if (outcome !== expected) wrong(`expected ${expected}, got ${outcome} (${seen})`);
        if (outcome === 'allow' && expected !== 'allow') unexpectedAllows.push(`${label} for ${ACTOR_LABELS[name]}: ${seen}`);
        if (before !== undefined && (await watch()) !== before) wrong(`changed the object it must not reach (${expected} expected)`);
        logProblems(actor, expected, denialsOf(response)).forEach(wrong);
        if (!row.endsSession && !actor.restore && newSessionOf(response, actor)) wrong('was given a new session; mark the row endsSession');
        if (expected === 'notFound' && outcome === 'notFound') {
          // Someone else's object must answer exactly like one that does not exist.
          const missing = await send(app, deps, actor, method, fill((param) => (names.includes(param) ? randomUUID() : valueOf(param))), (row.missingBody ?? row.body)?.());
          if (missing.status !== 404 || errorPage(missing.text) !== errorPage(response.text)) wrong(`answered differently than for a missing object: "${errorPage(response.text)}" vs "${errorPage(missing.text)}"`);
          if (denialsOf(missing).length) wrong('logged authz.denied for a missing object');
        }
      }
    } finally {
      await undo?.();
    }
    ran.add(label);
    expect(problems).toEqual([]);
  });

  it('found 0 unexpected allows', () => {
    expect(unexpectedAllows).toEqual([]);
    expect([...ran].sort()).toEqual([...runnable].sort());
  });
});

describe('T-AUTHZ-01: authz.denied log lines', () => {
  it('name the user, role, method, path and outcome, and nothing else', async () => {
    const response = await send(app, deps, w.actors.patient, 'GET', '/admin/users?role=doctor');
    expect(response.status).toBe(403);
    const [line] = denialsOf(response);
    expect(line).toMatchObject({ level: 40, userId: user('patient').id, role: 'patient', method: 'GET', path: '/admin/users', status: 403, denied: 'forbidden' });
    const denials = logged.filter((l) => l.msg === 'authz.denied');
    const fields = new Set(denials.flatMap((l) => Object.keys(l)));
    expect([...fields].sort()).toEqual(['denied', 'hostname', 'level', 'method', 'msg', 'path', 'pid', 'req', 'role', 'status', 'time', 'userId']);
    expect(new Set(denials.flatMap((l) => Object.keys(l.req ?? {})))).toEqual(new Set(['id', 'method', 'path']));
  });

  it("log a doctor's attempt on another doctor's visit as not-yours, answered as missing", async () => {
    const response = await send(app, deps, w.actors.otherDoctor, 'POST', `/appointments/${w.objects.visit.id}/no-show`);
    expect(response.status).toBe(404);
    expect(messages(response.text)).toContain('We could not find that appointment.');
    expect(denialsOf(response)).toEqual([expect.objectContaining({ userId: user('otherDoctor').id, role: 'doctor', status: 404, denied: 'not-yours' })]);
  });

  it('are not written for a form refused as sent from another site: that is no authorization decision', async () => {
    const { cookie, csrf } = w.actors.patient;
    const response = await request(app).post('/inbox/read-all').set('Cookie', cookie).set('Origin', 'https://evil.example').type('form').send({ _csrf: csrf });
    expect(response.status).toBe(403);
    expect(messages(response.text)).toContain('This form was sent from another site and was refused.');
    expect(denialsOf(response)).toEqual([]);
  });

  it('never hold an e-mail address, a name or a phone number, nor does any other line logged here', () => {
    expect(logged.filter((line) => line.msg === 'authz.denied').length).toBeGreaterThan(50);
    const leaks = logged.map((line) => JSON.stringify(line)).filter((line) => w.personalData.some((value) => line.includes(value)));
    expect(leaks).toEqual([]);
  });
});
