import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DateTime } from 'luxon';
import { savePlan, type WeeklyPlan } from '../../../src/appointments';
import { getAppointment, moveAppointment } from '../../../src/appointments/repository';
import { createSpecialty } from '../../../src/directory';
import { withRetry } from '../../../src/platform/db/retry';
import { ConflictError } from '../../../src/platform/http/errors';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const mornings: WeeklyPlan = { slotMinutes: 20, days: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '09:00', end: '10:00' }]])) };
/** A date far enough ahead that minimum notice never interferes. */
const date = DateTime.now().setZone('Asia/Kolkata').plus({ days: 5 }).toISODate()!;
const nineAm = DateTime.fromISO(`${date}T09:00`, { zone: 'Asia/Kolkata' }).toUTC().toISO()!;

async function aSpecialtyWithDoctors(count: number) {
  const slug = `spec-${randomUUID().slice(0, 8)}`;
  await createSpecialty(deps.db, { slug, name: `Specialty ${slug}`, description: 'A specialty for one test' });
  const doctors = [];
  for (let i = 0; i < count; i++) {
    const doctor = await aDoctor(deps, { lastName: `Doc${i}`, doctor: { specialty: slug, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 5, consultationFee: 500, approval: 'approved' } });
    await savePlan(deps.db, doctor.id, mornings, 0);
    doctors.push(doctor);
  }
  return { slug, doctors };
}

const bookingPage = (query: Record<string, string>) => `/appointments/new?${new URLSearchParams(query)}`;

/** Loads the booking page, then posts its form with the chosen time, like a browser. */
async function book(agent: Agent, query: Record<string, string>, fields: Record<string, string>) {
  const page = $((await agent.get(bookingPage(query))).text);
  const form = Object.fromEntries(page('form[action="/appointments"] input[type=hidden]').map((_i, el) => [[page(el).attr('name'), page(el).val()]]).get());
  return agent.post('/appointments').type('form').send({ ...form, reason: 'Checking my blood pressure', ...fields });
}

describe('booking an appointment as a patient', () => {
  it('offers the free times of any doctor of the specialty and books one, shown on every patient page', async () => {
    const { slug } = await aSpecialtyWithDoctors(2);
    const patient = await aPatient(deps, { firstName: 'Ravi' });
    const agent = await signIn(app, patient.email);

    const page = $((await agent.get(bookingPage({ specialty: slug, date }))).text);
    expect(page('.slot span').first().text()).toBe('09:002 doctors free');
    expect(page('input[name=start]')).toHaveLength(3);

    const response = await book(agent, { specialty: slug, date }, { start: nineAm });
    expect(response.status).toBe(303);
    const detail = $((await agent.get(response.headers.location)).text);
    expect(detail('.flash-success').text()).toBe('Your appointment is booked.');
    expect(detail('[data-testid=status]').text()).toBe('Booked');
    expect(detail('main .lede').text()).toMatch(/^Dr Test Doc[01] · Specialty spec-/);

    const list = $((await agent.get('/appointments')).text);
    expect(list('[data-testid=appointment]')).toHaveLength(1);
    expect($((await agent.get('/patient')).text)('.plain-list a').attr('href')).toBe(response.headers.location);
  });

  it('does not offer times when the patient is already booked elsewhere', async () => {
    const first = await aSpecialtyWithDoctors(1);
    const second = await aSpecialtyWithDoctors(1);
    const agent = await signIn(app, (await aPatient(deps)).email);
    expect((await book(agent, { specialty: first.slug, date }, { start: nineAm })).status).toBe(303);

    const page = $((await agent.get(bookingPage({ specialty: second.slug, date }))).text);
    const offered = page('input[name=start]').map((_i, el) => page(el).val()).get();
    expect(offered).not.toContain(nineAm);
    expect(offered).toHaveLength(2);
  });

  it('books once when the same form is sent twice (double click)', async () => {
    const { slug } = await aSpecialtyWithDoctors(2);
    const agent = await signIn(app, (await aPatient(deps)).email);
    const page = $((await agent.get(bookingPage({ specialty: slug, date }))).text);
    const form = Object.fromEntries(page('form[action="/appointments"] input[type=hidden]').map((_i, el) => [[page(el).attr('name'), page(el).val()]]).get());
    const send = () => agent.post('/appointments').type('form').send({ ...form, start: nineAm, reason: 'Follow-up visit' });

    const [first, second] = await Promise.all([send(), send()]);
    expect(first.headers.location).toBe(second.headers.location);
    expect($((await agent.get('/appointments')).text)('[data-testid=appointment]')).toHaveLength(1);
  });

  it('offers the nearest free times with a named doctor when the chosen one was just taken', async () => {
    const { doctors } = await aSpecialtyWithDoctors(1);
    const first = await signIn(app, (await aPatient(deps)).email);
    const second = await signIn(app, (await aPatient(deps)).email);
    const query = { doctorId: doctors[0].id, date };
    // Both patients opened the page while 09:00 was free.
    const [formA, formB] = await Promise.all([first.get(bookingPage(query)), second.get(bookingPage(query))]);
    const fields = (html: string) => {
      const page = $(html);
      return Object.fromEntries(page('form[action="/appointments"] input[type=hidden]').map((_i, el) => [[page(el).attr('name'), page(el).val()]]).get());
    };
    expect((await first.post('/appointments').type('form').send({ ...fields(formA.text), start: nineAm, reason: 'Knee pain' })).status).toBe(303);
    const clash = await second.post('/appointments').type('form').send({ ...fields(formB.text), start: nineAm, reason: 'Knee pain' });

    expect(clash.status).toBe(409);
    const page = $(clash.text);
    expect(messages(clash.text)).toContain('that time was just taken');
    const offered = page('input[name=start]').map((_i, el) => page(el).val()).get();
    expect(offered).not.toContain(nineAm);
    expect(offered.length).toBeGreaterThan(0);
  });

  it('explains what is missing with 422 and books nothing', async () => {
    const { slug } = await aSpecialtyWithDoctors(1);
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await book(agent, { specialty: slug, date }, { start: '', reason: 'hi', idempotencyKey: 'not-a-uuid' });

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-reason-error').text()).toBe('Tell the doctor briefly why you are coming (at least 5 characters)');
    expect(messages(response.text)).toContain('Choose a time from the list');
    expect($((await agent.get('/appointments')).text)('[data-testid=appointment]')).toHaveLength(0);
  });

  it('refuses a time in the past or outside the doctor’s hours with 422', async () => {
    const { doctors } = await aSpecialtyWithDoctors(1);
    const agent = await signIn(app, (await aPatient(deps)).email);
    const yesterday = DateTime.now().minus({ days: 1 }).toUTC().toISO()!;
    const evening = DateTime.fromISO(`${date}T19:00`, { zone: 'Asia/Kolkata' }).toUTC().toISO()!;

    const past = await book(agent, { doctorId: doctors[0].id, date }, { start: yesterday });
    const closed = await book(agent, { doctorId: doctors[0].id, date }, { start: evening });
    expect(past.status).toBe(422);
    expect(messages(past.text)).toContain('at least 60 minutes ahead and within 60 days');
    expect(closed.status).toBe(422);
    expect(messages(closed.text)).toContain('does not see patients at that time');
  });
});

describe('seeing and cancelling an appointment', () => {
  async function booked() {
    const { slug, doctors } = await aSpecialtyWithDoctors(1);
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await book(agent, { specialty: slug, date }, { start: nineAm });
    return { agent, doctor: doctors[0], slug, path: response.headers.location as string };
  }

  it('shows an appointment to its patient, its doctor and admins only', async () => {
    const { path, doctor } = await booked();
    const stranger = await signIn(app, (await aPatient(deps)).email);
    const otherDoctor = await signIn(app, (await aDoctor(deps)).email);
    const admin = await signIn(app, (await anAdmin(deps)).email);

    expect((await stranger.get(path)).status).toBe(404);
    expect((await otherDoctor.get(path)).status).toBe(404);
    expect((await (await signIn(app, doctor.email)).get(path)).status).toBe(200);
    const adminView = $((await admin.get(path)).text);
    expect(adminView('[data-testid=assignment]').text()).toMatch(/^Any doctor: the free doctor with the fewest visits that day \(0 before this one\); round-robin counter \d+ started at doctor 1 of 1\.$/);
    expect((await admin.get('/appointments/not-a-uuid')).status).toBe(404);
  });

  it('lets the patient cancel, which frees the time for others', async () => {
    const { agent, path, slug } = await booked();
    const response = await submit(agent, `${path}/cancel`, `${path}/cancel`, {});
    expect(response.status).toBe(303);
    expect($((await agent.get(path)).text)('[data-testid=status]').text()).toBe('Cancelled');

    const other = await signIn(app, (await aPatient(deps)).email);
    const page = $((await other.get(bookingPage({ specialty: slug, date }))).text);
    expect(page('input[name=start]').map((_i, el) => page(el).val()).get()).toContain(nineAm);
    expect((await submit(agent, '/appointments', `${path}/cancel`, {})).status).toBe(409);
  });

  it('asks a doctor for a reason before cancelling', async () => {
    const { path, doctor, agent } = await booked();
    const doctorAgent = await signIn(app, doctor.email);
    const withoutReason = await submit(doctorAgent, `${path}/cancel`, `${path}/cancel`, {});
    expect(withoutReason.status).toBe(422);
    const again = $(withoutReason.text);
    expect(again('#f-reason-error').text()).toBe('Give the patient a reason for cancelling');
    expect(again('main h1').text()).toBe('Cancel this appointment?');

    expect((await submit(doctorAgent, `${path}/cancel`, `${path}/cancel`, { reason: 'Called away to surgery' })).status).toBe(303);
    expect($((await agent.get(path)).text)('[data-testid=cancellation]').text()).toBe('Cancelled by the doctor — reason: Called away to surgery');
  });
});

describe('cancelling, after a confirmation', () => {
  async function booked() {
    const { slug, doctors } = await aSpecialtyWithDoctors(1);
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await book(agent, { specialty: slug, date }, { start: nineAm });
    return { agent, patient, doctor: doctors[0], path: response.headers.location as string };
  }
  const effects = (html: string) => {
    const page = $(html);
    return page('[data-testid=cancel-effects] li').map((_i, el) => page(el).text().trim()).get();
  };

  it('says what will happen and who is told before anything is cancelled, and the visit page only links to it', async () => {
    const { agent, patient, doctor, path } = await booked();
    const visit = $((await agent.get(path)).text);
    expect(visit(`form[action="${path}/cancel"]`)).toHaveLength(0);
    expect(visit('[data-testid=cancel-link]').attr('href')).toBe(`${path}/cancel`);

    const confirm = await agent.get(`${path}/cancel`);
    expect(confirm.status).toBe(200);
    expect(effects(confirm.text)).toEqual([
      `Dr ${doctor.firstName} ${doctor.lastName} is told that you cancelled, by e-mail and in their inbox.`,
      'You get a confirmation, and the calendar entry we sent you is cancelled.',
      'The time is freed for other patients.',
      'There is no charge for cancelling.',
    ]);
    const page = $(confirm.text);
    expect(page(`form[method=post][action="${path}/cancel"] button`).text()).toBe('Yes, cancel the appointment');
    expect(page(`a[href="${path}"]`).text()).toContain('keep it');
    // Looking is not cancelling.
    expect($((await agent.get(path)).text)('[data-testid=status]').text()).toBe('Booked');

    const doctorSees = effects((await (await signIn(app, doctor.email)).get(`${path}/cancel`)).text);
    expect(doctorSees[0]).toBe(`${patient.firstName} ${patient.lastName} is told by e-mail, in their inbox and by text message if they get texts, with the reason you give.`);
    const adminSees = effects((await (await signIn(app, (await anAdmin(deps)).email)).get(`${path}/cancel`)).text);
    expect(adminSees[0]).toContain(`${patient.firstName} ${patient.lastName} and Dr ${doctor.firstName} ${doctor.lastName} are told`);
    expect(adminSees).toContain('There is no charge for cancelling.');
  });

  it('answers the confirmation page like the cancel: another\'s visit, a malformed id, one already cancelled', async () => {
    const { agent, path } = await booked();
    const stranger = await signIn(app, (await aPatient(deps)).email);
    expect((await stranger.get(`${path}/cancel`)).status).toBe(404);
    expect((await agent.get('/appointments/not-a-uuid/cancel')).status).toBe(404);

    expect((await submit(agent, `${path}/cancel`, `${path}/cancel`, {})).status).toBe(303);
    const over = await agent.get(`${path}/cancel`);
    expect(over.status).toBe(409);
    expect(messages(over.text)).toContain('can no longer be cancelled');
    expect($((await agent.get(path)).text)('[data-testid=cancel-link]')).toHaveLength(0);
  });
});

describe('who may book', () => {
  it('sends visitors to log in and refuses doctors and admins', async () => {
    expect((await request(app).get('/appointments/new')).headers.location).toBe('/login?next=%2Fappointments%2Fnew');
    const doctor = await signIn(app, (await aDoctor(deps)).email);
    expect((await doctor.get('/appointments/new')).status).toBe(403);
  });
});

describe('moving an appointment to another time', () => {
  const nineForty = DateTime.fromISO(`${date}T09:40`, { zone: 'Asia/Kolkata' }).toUTC().toISO()!;
  const nineTwenty = DateTime.fromISO(`${date}T09:20`, { zone: 'Asia/Kolkata' }).toUTC().toISO()!;

  async function bookedWithOneDoctor() {
    const { doctors } = await aSpecialtyWithDoctors(1);
    const agent = await signIn(app, (await aPatient(deps)).email);
    const response = await book(agent, { doctorId: doctors[0].id, date }, { start: nineAm });
    return { agent, doctor: doctors[0], path: response.headers.location as string };
  }

  const freeTimes = async (agent: Agent, doctorId: string) => {
    const page = $((await agent.get(bookingPage({ doctorId, date }))).text);
    return page('input[name=start]').map((_i, el) => page(el).val()).get();
  };

  it('moves the visit, freeing the old time and taking the new one', async () => {
    const { agent, doctor, path } = await bookedWithOneDoctor();
    const response = await submit(agent, `${path}/reschedule`, `${path}/reschedule`, { start: nineForty });

    expect(response.status).toBe(303);
    const page = $((await agent.get(path)).text);
    expect(page('.flash-success').text()).toBe('Your appointment has been moved.');
    expect(page('main h1').text()).toMatch(/09:40$/);
    const other = await signIn(app, (await aPatient(deps)).email);
    expect(await freeTimes(other, doctor.id)).toEqual([nineAm, nineTwenty]);
  });

  it('says when the new time was taken meanwhile, and keeps the old one', async () => {
    const { agent, doctor, path } = await bookedWithOneDoctor();
    const other = await signIn(app, (await aPatient(deps)).email);
    const form = await agent.get(`${path}/reschedule`);
    await book(other, { doctorId: doctor.id, date }, { start: nineForty });
    const token = $(form.text)('form[method=post] input[name=_csrf]').val() as string;

    const response = await agent.post(`${path}/reschedule`).type('form').send({ _csrf: token, start: nineForty });
    expect(response.status).toBe(409);
    expect(messages(response.text)).toContain('that time was just taken');
    expect($((await agent.get(path)).text)('main h1').text()).toMatch(/09:00$/);
  });

  it('refuses a time the doctor does not offer with 422', async () => {
    const { agent, path } = await bookedWithOneDoctor();
    const evening = DateTime.fromISO(`${date}T18:00`, { zone: 'Asia/Kolkata' }).toUTC().toISO()!;
    const response = await submit(agent, `${path}/reschedule`, `${path}/reschedule`, { start: evening });
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain('Choose a new time from the list.');
    expect((await submit(agent, `${path}/reschedule`, `${path}/reschedule`, { start: 'soon' })).status).toBe(422);
  });

  it('keeps the locks consistent when two moves race over HTTP: each gets 303 or 409, the locks follow the final time', async () => {
    const { agent, doctor, path } = await bookedWithOneDoctor();
    const token = $((await agent.get(`${path}/reschedule`)).text)('form[method=post] input[name=_csrf]').val() as string;
    const move = (start: string) => agent.post(`${path}/reschedule`).type('form').send({ _csrf: token, start });

    const statuses = (await Promise.all([move(nineTwenty), move(nineForty)])).map((r) => r.status);
    expect(statuses.every((s) => s === 303 || s === 409)).toBe(true);
    expect(statuses).toContain(303);
    const kept = $((await agent.get(path)).text)('main h1').text().endsWith('09:20') ? nineTwenty : nineForty;
    const other = await signIn(app, (await aPatient(deps)).email);
    expect(await freeTimes(other, doctor.id)).toEqual([nineAm, nineTwenty, nineForty].filter((t) => t !== kept));
  });

  it('lets exactly one of two moves made from the same read win (T-BOOK-04)', async () => {
    const { path } = await bookedWithOneDoctor();
    const appointment = (await getAppointment(deps.db, path.split('/').pop()!))!;
    const to = (start: string, end: string) => ({ ...appointment, start, end });
    const plus20 = (iso: string) => DateTime.fromISO(iso).plus({ minutes: 20 }).toUTC().toISO()!;

    const outcomes = await Promise.allSettled([
      // As the service does: a transaction conflict is retried, and then meets the version check.
      withRetry(() => moveAppointment(deps.db, appointment, to(nineTwenty, plus20(nineTwenty)))),
      withRetry(() => moveAppointment(deps.db, appointment, to(nineForty, plus20(nineForty)))),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
  });

  it('hides someone else’s appointment', async () => {
    const { path } = await bookedWithOneDoctor();
    const stranger = await signIn(app, (await aPatient(deps)).email);
    expect((await stranger.get(`${path}/reschedule`)).status).toBe(404);
  });
});
