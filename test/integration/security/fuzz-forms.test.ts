/**
 * T-FUZZ-01: signed in as each role (anonymous, patient, doctor, a doctor awaiting approval, admin),
 * a crawler finds every form on every page it can reach and submits each field with hostile
 * values (see helpers/hostile.ts), one field at a time, the others valid. It asserts:
 * - no 5xx, ever;
 * - no payload comes back as live markup, in the answer or, after all the fuzzing, on any page a
 *   role can reach (stored XSS): each markup payload carries a marker naming where it was typed;
 * - nothing half-written: after a refused submission (a 4xx, or a redirect to an error message
 *   alone), its page shows the same data as before;
 * - no form accepts control characters (issue 10: NUL, a bidi override): a 4xx with a message.
 * No form is named here: a new form is fuzzed the day it appears on a page. The file runs on
 * tables of its own, so admins' lists hold only its data and no other test file sees its writes.
 *
 * Not submitted, and why:
 * - the log-out form: it ends the session the crawl runs on (log-out has its own tests);
 * - "run now" on the jobs page: it starts archival and backups, which outlive the request and work
 *   on the S3 bucket every test file of the run shares;
 * - forms with nothing to type (approve, deactivate, check in, mark all read ...): their only input
 *   is the id in the path, which T-CSRF-01 and the authorization tests send.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { createSpecialty } from '../../../src/directory';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { addFile } from '../../../src/records/vault/upload';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { everyDayPlan } from '../../helpers/appointments';
import { TINY_PNG } from '../../helpers/images';
import { buildTestApp } from '../../helpers/app';
import { bloodBankWorld } from '../../helpers/bloodbank';
import { crawl, formsOn, patternOf, type Form, type Page } from '../../helpers/crawler';
import { another, baseline, fuzzableFields, sameFormOn, send, shownData, supplyOf, varied, wasRefused, type Supply } from '../../helpers/fuzz';
import { CONTROL_VALUE, injectedMarkers, MARKUP_VALUES, OTHER_VALUES, type Hostile } from '../../helpers/hostile';
import { signIn, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

jest.setTimeout(600_000);

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}fuzz-`;
// The patient holds every seeded visit, and books (or joins the waiting list) once per hostile value.
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX, MEDTRACK_MAX_ACTIVE_APPOINTMENTS: '100', MEDTRACK_BOOKING_REQUESTS_PER_HOUR: '1000' });
const zone = deps.config.timeZone;

const SKIP_FORM = (form: Form) => form.action === '/logout' || /^\/admin\/jobs\/[^/]+\/run$/.test(form.action);
const CRAWL = { skip: (url: string) => url.startsWith('/logout'), maxPages: 400, maxDepth: 4, perPattern: (depth: number) => (depth <= 2 ? 40 : 4) };
/**
 * A small form's fields get a markup payload, the control characters of issue 10 and one more value
 * each; a big form's (a week of working hours, five prescription lines) one value each, in turn.
 */
const BIG_FORM = 10;

interface Role {
  name: string;
  home: string;
  agent: Agent;
}

const roles: Role[] = [];
const problems: string[] = [];
/** Which submission each marker went out with, to name the form and field of an injection found later. */
const markers = new Map<string, string>();
const sent = new Set<string>();
/** Per role and form: the fields it has, and those that were sent a hostile value. */
const expected = new Map<string, string[]>();
const fuzzed = new Map<string, Set<string>>();
/** Pages whose data a submission changed: every role looks at them again at the end. */
const touched = new Set<string>();
let serial = 0;
const cursor = { markup: 0, other: 0 };

/** Deterministic round-robin over the value lists, so that every value is sent somewhere. */
function valuesFor(fieldIndex: number, fields: number): Hostile[] {
  const take = (list: Hostile[], key: 'markup' | 'other') => list[cursor[key]++ % list.length];
  if (fields > BIG_FORM) return [fieldIndex % 2 ? take(OTHER_VALUES, 'other') : take(MARKUP_VALUES, 'markup')];
  return [take(MARKUP_VALUES, 'markup'), CONTROL_VALUE, take(OTHER_VALUES, 'other')];
}

function check(where: string, status: number, html: string) {
  if (status >= 500) problems.push(`${status} from ${where}`);
  for (const marker of injectedMarkers(html)) problems.push(`live markup from ${markers.get(marker) ?? marker} in ${where}`);
}

/** A page as a browser gets it, checked; first the outbox settles, so inbox entries of earlier submissions are in. */
async function visit(role: Role, url: string) {
  await deps.outbox.idle();
  const response = await role.agent.get(url).set('Accept', 'text/html');
  check(`${role.name}: GET ${url}`, response.status, response.text);
  return response;
}

/** Submits one field's hostile value on a fresh copy of the form; false when the form is gone (its object moved on). */
async function fuzzOnce(role: Role, form: Form, field: string, hostile: Hostile): Promise<boolean> {
  const before = await visit(role, form.page);
  const fresh = sameFormOn(before.text, form);
  if (!fresh) return false;
  const marker = `fz${++serial}z`;
  const where = `${role.name}: ${form.signature} on ${form.page}, ${field} = ${hostile.label}`;
  markers.set(marker, where);
  const response = await send(role.agent, fresh, varied(baseline(fresh), field, hostile.pairs(field, marker)));
  sent.add(hostile.label);
  const key = `${role.name}: ${form.signature}`;
  fuzzed.set(key, (fuzzed.get(key) ?? new Set()).add(field));
  check(where, response.status, response.text);
  if (form.method === 'get') return true;
  const refused = await wasRefused(response, (url) => visit(role, url));
  if (!refused) touched.add(form.page);
  if (!refused && hostile === CONTROL_VALUE) problems.push(`control characters accepted: ${where} answered ${response.status}`);
  if (refused) {
    const after = await visit(role, form.page);
    if (shownData(after.text) !== shownData(before.text)) problems.push(`half-written: ${where} was refused (${response.status}), yet ${form.page} changed`);
  }
  return true;
}

/** An operator object in every field, as JSON (the token in its header, as fetch() would send it): the app reads no JSON bodies. */
async function fuzzJson(role: Role, form: Form) {
  const fresh = sameFormOn((await visit(role, form.page)).text, form);
  const token = fresh?.fields.find((f) => f.name === '_csrf')?.value;
  if (!fresh || !token) return;
  const body = Object.fromEntries(fuzzableFields(fresh).map((name) => [name, { $gt: '' }]));
  const response = await role.agent.post(fresh.action).set('Accept', 'text/html').set('x-csrf-token', token).send(body);
  check(`${role.name}: ${form.signature} with a JSON body of operator objects`, response.status, response.text);
}

async function fuzzForm(role: Role, signature: string, supply: Supply) {
  const fields = fuzzableFields(supply.known[0]);
  expected.set(`${role.name}: ${signature}`, fields);
  const next = () => another(supply, signature, (url) => visit(role, url));
  let form = await next();
  for (const [index, field] of fields.entries()) {
    for (const hostile of valuesFor(index, fields.length)) {
      while (form && !(await fuzzOnce(role, form, field, hostile))) form = await next();
    }
  }
  if (form?.method === 'post') await fuzzJson(role, form);
  if (form) await visit(role, form.page);
}

/** The query of every kind of link (the admin lists' cursors, log-in's `next` ...) gets the same treatment as a GET form's fields. */
async function fuzzLinks(role: Role, pages: Page[], done: Set<string>) {
  for (const page of pages) {
    const url = new URL(page.url, 'http://app.test');
    const names = [...new Set(url.searchParams.keys())];
    const shape = `${patternOf(url.pathname)}?${[...names].sort()}`;
    if (!names.length || done.has(shape)) continue;
    done.add(shape);
    for (const [index, name] of names.entries()) {
      for (const hostile of valuesFor(index, names.length)) {
        const marker = `fz${++serial}z`;
        const where = `${role.name}: link ${page.url}, ${name} = ${hostile.label}`;
        markers.set(marker, where);
        const pairs = varied([...url.searchParams], name, hostile.pairs(name, marker));
        const response = await role.agent.get(`${url.pathname}?${new URLSearchParams(pairs)}`).set('Accept', 'text/html');
        sent.add(hostile.label);
        check(where, response.status, response.text);
      }
    }
  }
}

async function fuzzRole(role: Role, done: Set<string>): Promise<Page[]> {
  const pages = await crawl(role.agent, [role.home], CRAWL);
  pages.forEach((page) => check(`${role.name}: GET ${page.url}`, page.status, page.html));
  const kinds = new Map<string, Form[]>();
  // Deepest pages first: a form higher up may use up their object (cancelling a visit ends the form that moves it).
  for (const page of [...pages].sort((a, b) => b.depth - a.depth)) {
    for (const form of formsOn(page.html, page.url)) kinds.set(form.signature, [...(kinds.get(form.signature) ?? []), form]);
  }
  for (const [signature, instances] of kinds) {
    const [first] = instances;
    // A GET form changes nothing: once, by the first role that finds it, is enough.
    if (SKIP_FORM(first) || !fuzzableFields(first).length || done.has(signature)) continue;
    if (first.method === 'get') done.add(signature);
    await fuzzForm(role, signature, supplyOf(instances, pages));
  }
  await fuzzLinks(role, pages, done);
  return pages;
}

describe('T-FUZZ-01: hostile values in every form of every role', () => {
  /** GET forms and kinds of links already fuzzed: they change nothing, so once (by the first role to find them) is enough. */
  const getsDone = new Set<string>();

  beforeEach(() => {
    problems.length = 0;
  });

  beforeAll(async () => {
    await ensureTables(deps.db.client, PREFIX);
    roles.push(...(await seed()));
  });

  it.each(['anonymous', 'patient', 'doctor', 'doctor awaiting approval', 'admin'])('as %s: no 5xx, no live markup, nothing half-written', async (name) => {
    const pages = await fuzzRole(roles.find((r) => r.name === name)!, getsDone);

    expect(pages.filter((page) => page.html.includes('<form')).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('shows no payload as live markup on any page of any role afterwards (stored XSS)', async () => {
    for (const role of roles) {
      const pages = await crawl(role.agent, [role.home, ...touched], { ...CRAWL, maxDepth: 2 });
      pages.forEach((page) => check(`${role.name}: GET ${page.url} after fuzzing`, page.status, page.html));
    }
    expect(problems).toEqual([]);
  });

  it('sent every hostile value, and a value to every field of every form it found', () => {
    expect([...sent].sort()).toEqual([...MARKUP_VALUES, CONTROL_VALUE, ...OTHER_VALUES].map((v) => v.label).sort());
    const missed = [...expected].flatMap(([form, fields]) => fields.filter((f) => !fuzzed.get(form)?.has(f)).map((f) => `${form}: ${f}`));
    expect(missed).toEqual([]);
    // Fewer means the crawl lost its way to some forms (or forms were removed: then lower this).
    expect(expected.size).toBeGreaterThanOrEqual(35);
    // Cancelling is a form on its own confirmation page, reached only by the visit page's link. (The
    // doctor's booked visits are the patient's, whose run cancels or moves them first.)
    const cancelForms = [...expected.keys()].filter((form) => form.includes('POST /appointments/:id/cancel ')).map((form) => form.split(':')[0]);
    expect(cancelForms).toEqual(expect.arrayContaining(['admin', 'patient']));
  });

  it('reached the forms that are easy to lose: deep, on pages of their own, or for another role', () => {
    const found = [...expected.keys()];
    const missing = REACHED_FORMS.filter(([role, form]) => !found.some((key) => key.startsWith(`${role}: ${form} `)));
    expect(missing).toEqual([]);
  });
});

/** [role, "METHOD /path pattern"]: forms a change to links or seed data could silently take out of reach. */
const REACHED_FORMS: [string, string][] = [
  ['doctor', 'POST /prescriptions/:id/revoke'],
  ['patient', 'POST /verify/prescriptions/:id/dispense'],
  ['admin', 'GET /admin/audit'],
  // The analytics range form: on the overview (admin home's card) and each analytics page.
  ['admin', 'GET /admin/analytics'],
  ['admin', 'GET /admin/analytics/fairness'],
  // Correcting a visit record (an addendum): on the completed visit's page, for its doctor only.
  ['doctor', 'POST /appointments/:id/addenda'],
  // The health timeline's filter: the patient's own (the menu) and a doctor's (from the day list).
  ['patient', 'GET /timeline'],
  ['doctor', 'GET /patients/:id/timeline'],
  // The vault's upload: the patient's own, and a doctor's into the records of a patient checked in today.
  ['patient', 'POST /records/upload'],
  ['doctor', 'POST /records/upload'],
  // Booking a blood donation (the day picker and the times), and the officer's day of donation bookings.
  ['patient', 'GET /blood-bank/book'],
  ['patient', 'POST /blood-bank/bookings'],
  ['admin', 'GET /admin/blood-bank/bookings'],
  // Two-step sign-in: a doctor's set-up (optional for doctors), an admin's new recovery codes (enrolled).
  ['doctor', 'POST /account/two-step/setup'],
  ['admin', 'POST /account/two-step/recovery-codes'],
  // The admin console: the user search, a hospital's edit form, a specialty's rename.
  ['admin', 'GET /admin/users'],
  ['admin', 'POST /admin/hospitals/city-general'],
  ['admin', 'POST /admin/specialties/cardiology/rename'],
  // The blood bank (admins): from its dashboard, the screening queue, the follow-ups and a request's page.
  ['admin', 'GET /admin/blood-bank/lots'],
  ['admin', 'POST /admin/blood-bank/lots/:id/discard'],
  ['admin', 'POST /admin/blood-bank/donors'],
  ['admin', 'POST /admin/blood-bank/donors/:id/donations'],
  ['admin', 'POST /admin/blood-bank/donations/:id/screening'],
  ['admin', 'POST /admin/blood-bank/donations/:id/follow-up'],
  ['admin', 'POST /admin/blood-bank/requests'],
  ['admin', 'POST /admin/blood-bank/requests/:id/issue'],
  ['admin', 'POST /admin/blood-bank/requests/:id/reserve'],
];

/**
 * Data enough for every form to appear: visits in each state (more of those a successful submission
 * uses up), a dermatologist booked up for two weeks (the waiting list), doctors awaiting approval.
 */
async function seed(): Promise<Role[]> {
  await ensureCityGeneralCardiology(deps);
  await createSpecialty(deps.db, { slug: 'dermatology', name: 'Dermatology', description: 'Skin, hair and nails' });
  const pending = { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 2, consultationFee: 500, approval: 'pending' as const };
  const [patient, doctor, colleague, admin, awaiting, dermatologist] = await Promise.all([
    aPatient(deps),
    aDoctor(deps),
    aDoctor(deps, { firstName: 'Colleague' }),
    anAdmin(deps),
    aDoctor(deps, { doctor: pending }),
    aDoctor(deps, { doctor: { ...pending, specialty: 'dermatology', approval: 'approved' } }),
    ...Array.from({ length: 4 }, () => aDoctor(deps, { doctor: pending })),
  ]);
  const plan = everyDayPlan([{ start: '06:00', end: '22:00' }]);
  await Promise.all([savePlan(deps.db, doctor.id, plan, 0), savePlan(deps.db, colleague.id, plan, 0)]);

  const today = DateTime.now().setZone(zone).startOf('day');
  const book = async (who: User, forPatient: User, day: DateTime, slot: number) => {
    const start = day.set({ hour: 6 }).plus({ minutes: 20 * slot }).toUTC().toISO()!;
    const visit = { patient: forPatient, doctorId: who.id, start, reason: 'Seeded visit', idempotencyKey: randomUUID() };
    const booked = await bookAppointment(deps, visit, day.minus({ days: 1 }).toJSDate());
    if (booked.kind !== 'booked') throw new Error(`seed booking ${booked.kind}`);
    return booked.appointment;
  };
  // The patient's own, one at a time: booked tomorrow (to cancel and move), completed yesterday
  // (to rate), and today with the colleague (the admin's day list, to reassign and cancel).
  for (let slot = 0; slot < 8; slot += 1) await book(doctor, patient, today.plus({ days: 1 }), slot);
  for (let slot = 0; slot < 5; slot += 1) {
    const visit = await book(doctor, patient, today.minus({ days: 1 }), slot);
    await advanceVisit(deps, doctor, visit.id, 'start');
    // With a medicine: the prescription's page (revoke) and the pharmacy's page it links to (dispense) are crawled.
    await advanceVisit(deps, doctor, visit.id, 'complete', { diagnosis: 'Seeded diagnosis', prescription: [{ drug: 'Seeded medicine', dose: '1 tablet', frequency: 'daily', duration: '3 days' }] });
  }
  for (let slot = 0; slot < 4; slot += 1) await book(colleague, patient, today, 40 + slot);
  // The waiting list is offered only when working doctors are booked up: one visit a day, all taken.
  await savePlan(deps.db, dermatologist.id, everyDayPlan([{ start: '06:00', end: '06:20' }]), 0);
  const filler = await aPatient(deps);
  for (let day = 0; day <= 15; day += 1) await book(dermatologist, filler, today.plus({ days: day }), 0);
  // In progress yesterday, to complete: nearly every one of its 27 fields succeeds once, and uses one up.
  await Promise.all(
    Array.from({ length: 36 }, async (_, i) => {
      const visit = await book(doctor, await aPatient(deps), today.minus({ days: 1 }), 6 + i);
      await advanceVisit(deps, doctor, visit.id, 'start');
    }),
  );

  // The blood bank: a lot, a donation awaiting screening, one on follow-up, open requests for the patient.
  await bloodBankWorld(deps, patient.id);
  // Checked in today: the doctor may add a file to those patients' records (the doctor's upload form).
  for (const slot of [45, 46]) {
    const visit = await book(doctor, await aPatient(deps), today, slot);
    await advanceVisit(deps, doctor, visit.id, 'check-in', undefined, new Date(visit.start));
  }

  // Files in the patient's medical vault: their pages hold the share form (and hide, delete).
  for (const title of ['Seeded scan', 'Seeded X-ray']) {
    await addFile(deps, patient, patient, { title, kind: 'imaging', date: '2026-01-02' }, { bytes: TINY_PNG, displayName: 'scan.png', contentType: 'image/png' });
  }

  return [
    { name: 'anonymous', home: '/', agent: request.agent(app) },
    { name: 'patient', home: '/patient', agent: await signIn(app, patient.email) },
    { name: 'doctor', home: '/doctor', agent: await signIn(app, doctor.email) },
    { name: 'doctor awaiting approval', home: '/doctor', agent: await signIn(app, awaiting.email) },
    { name: 'admin', home: '/admin', agent: await signIn(app, admin.email) },
  ];
}
