/**
 * Days with nothing to book: the booking page says why (the date has passed, nobody works that day,
 * no doctors yet, every time is taken), shows the next free times, and offers the waiting list only
 * when working doctors are fully booked; the waitlist form is held to the same rule.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { savePlan, type WeeklyPlan } from '../../../src/appointments';
import { freeSlotsForSpecialty } from '../../../src/appointments/booking/availability';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { listWaitlistForPatient } from '../../../src/appointments/waitlist/service';
import { createSpecialty } from '../../../src/directory';
import { buildTestApp } from '../../helpers/app';
import { everyDayPlan, instantAt } from '../../helpers/appointments';
import { $, messages, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = 'Asia/Kolkata';
const today = DateTime.now().setZone(zone).startOf('day');
/** Mornings from Monday to Friday: three 20-minute visits a day. */
const weekdayMornings: WeeklyPlan = { slotMinutes: 20, days: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '09:00', end: '10:00' }]])) };

/** The first date at least `ahead` days from today that falls on `weekday` (1 = Monday). */
function nextWeekday(weekday: number, ahead = 2): DateTime {
  let day = today.plus({ days: ahead });
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day;
}

async function aSpecialty(doctors: number, plan: WeeklyPlan = weekdayMornings) {
  const slug = `dead-${randomUUID().slice(0, 8)}`;
  const name = `Dead ends ${slug.slice(5)}`;
  await createSpecialty(deps.db, { slug, name, description: 'For the dead-end tests' });
  const made = [];
  for (let i = 0; i < doctors; i++) {
    const doctor = await aDoctor(deps, { firstName: 'Mira', lastName: `Rao${i}`, doctor: { specialty: slug, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 5, consultationFee: 500, approval: 'approved' } });
    await savePlan(deps.db, doctor.id, plan, 0);
    made.push(doctor);
  }
  return { slug, name, doctors: made };
}

async function bookAll(doctorId: string, date: string, times: string[]) {
  for (const time of times) {
    const result = await bookAppointment(deps, { patient: await aPatient(deps), doctorId, start: instantAt(date, time, zone), reason: 'Routine visit', idempotencyKey: randomUUID() });
    if (result.kind !== 'booked') throw new Error(result.kind);
  }
}

const page = (query: Record<string, string>) => `/appointments/new?${new URLSearchParams(query)}`;
const offered = (html: string) => {
  const doc = $(html);
  return doc('input[name=start]').map((_i, el) => doc(el).val()).get();
};
const waitFor = (specialty: string, doctorId: string, from: string, to = from) => ({ specialty, doctorId, from, to, reason: 'Recurring migraines' });

describe('a day nobody works', () => {
  it('says who works when, shows the next free times, and does not offer the waiting list', async () => {
    const { slug } = await aSpecialty(1);
    const sunday = nextWeekday(7).toISODate()!;
    const monday = nextWeekday(7).plus({ days: 1 }).toISODate()!;
    const agent = await signIn(app, (await aPatient(deps)).email);
    const response = await agent.get(page({ specialty: slug, date: sunday }));

    expect($(response.text)('#waitlist')).toHaveLength(0);
    expect($(response.text)('[data-testid=day-note]').text()).toContain('No doctor of this specialty works on Sundays. They work on Monday, Tuesday, Wednesday, Thursday and Friday.');
    expect(offered(response.text)).toEqual(['09:00', '09:20', '09:40'].map((t) => instantAt(monday, t, zone)));
  });

  it('refuses a waiting-list request for it with 422 and writes nothing', async () => {
    const { slug } = await aSpecialty(1);
    const sunday = nextWeekday(7).toISODate()!;
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await submit(agent, page({ specialty: slug, date: sunday }), '/waitlist', waitFor(slug, '', sunday));

    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain('No doctor of this specialty works on these days. They work on Monday, Tuesday, Wednesday, Thursday and Friday.');
    expect(await listWaitlistForPatient(deps.db, patient.id)).toEqual([]);
  });
});

describe('a specialty with no doctors', () => {
  it('says so on the booking page and refuses a waiting-list request with 422', async () => {
    const { slug } = await aSpecialty(0);
    const date = today.plus({ days: 3 }).toISODate()!;
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const shown = await agent.get(page({ specialty: slug, date }));
    expect($(shown.text)('#waitlist')).toHaveLength(0);
    expect($(shown.text)('[data-testid=day-note]').text()).toContain('There are no doctors in this specialty yet');

    const response = await submit(agent, page({ specialty: slug, date }), '/waitlist', waitFor(slug, '', date));
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain('There are no doctors in this specialty yet');
    expect(await listWaitlistForPatient(deps.db, patient.id)).toEqual([]);
  });
});

describe('a date that has passed', () => {
  it('says so rather than "no free times", and shows the nearest free times', async () => {
    const { slug } = await aSpecialty(1);
    const agent = await signIn(app, (await aPatient(deps)).email);
    const response = await agent.get(page({ specialty: slug, date: today.minus({ days: 2 }).toISODate()! }));
    const doc = $(response.text);

    expect(doc('[data-testid=day-note]').text()).toContain('That date has passed.');
    expect(doc('.empty').text()).not.toContain('No free times');
    expect(doc('#waitlist')).toHaveLength(0);
    expect(offered(response.text)).toHaveLength(3);
  });
});

describe('the waiting-list card', () => {
  it('is not shown after a validation error while times are free', async () => {
    const { slug } = await aSpecialty(1);
    const date = nextWeekday(3).toISODate()!;
    const agent = await signIn(app, (await aPatient(deps)).email);
    const form = $((await agent.get(page({ specialty: slug, date }))).text);
    const hidden = Object.fromEntries(form('form[action="/appointments"] input[type=hidden]').map((_i, el) => [[form(el).attr('name'), form(el).val()]]).get());
    const response = await agent.post('/appointments').type('form').send({ ...hidden, start: '', reason: 'hi' });

    expect(response.status).toBe(422);
    expect($(response.text)('#waitlist')).toHaveLength(0);
    expect(offered(response.text)).toHaveLength(3);
  });
});

describe('a fully booked day with a named doctor', () => {
  it('shows the doctor’s working days and the next three free times, which book', async () => {
    const { slug, doctors } = await aSpecialty(1);
    const [doctor] = doctors;
    const friday = nextWeekday(5);
    const monday = friday.plus({ days: 3 }).toISODate()!;
    await bookAll(doctor.id, friday.toISODate()!, ['09:00', '09:20', '09:40']);
    const agent = await signIn(app, (await aPatient(deps)).email);
    const response = await agent.get(page({ specialty: slug, doctorId: doctor.id, date: friday.toISODate()! }));
    const doc = $(response.text);

    expect(doc('[data-testid=day-note]').text()).toContain('Dr Mira Rao0 works on Monday, Tuesday, Wednesday, Thursday and Friday.');
    expect(doc('[data-testid=next-free] h3').text()).toBe('Next free times');
    const next = ['09:00', '09:20', '09:40'].map((t) => instantAt(monday, t, zone));
    expect(offered(response.text)).toEqual(next);
    expect(doc('#waitlist')).toHaveLength(1);

    const hidden = Object.fromEntries(doc('form[action="/appointments"] input[type=hidden]').map((_i, el) => [[doc(el).attr('name'), doc(el).val()]]).get());
    const booked = await agent.post('/appointments').type('form').send({ ...hidden, start: next[1], reason: 'Knee pain on stairs' });
    expect(booked.status).toBe(303);
  });
});

describe('the waiting list entry', () => {
  it('names the specialty it waits for, and the doctor when one was named', async () => {
    const { slug, name, doctors } = await aSpecialty(1);
    const friday = nextWeekday(5).toISODate()!;
    await bookAll(doctors[0].id, friday, ['09:00', '09:20', '09:40']);
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const form = page({ specialty: slug, date: friday });
    expect((await submit(agent, form, '/waitlist', waitFor(slug, '', friday))).status).toBe(303);
    expect((await submit(agent, form, '/waitlist', waitFor('', doctors[0].id, friday))).status).toBe(303);

    const list = $((await agent.get('/appointments')).text);
    const waits = list('[data-testid=waitlist-for]').map((_i, el) => list(el).text().trim()).get();
    expect(waits.sort()).toEqual([`${name} · any doctor`, `${name} · Dr Mira Rao0`].sort());
  });
});

describe('the default date for any doctor', () => {
  it('is today when today still has free times', async () => {
    const { slug } = await aSpecialty(1, everyDayPlan([{ start: '00:00', end: '23:40' }]));
    const todayDate = today.toISODate()!;
    const expected = (await freeSlotsForSpecialty(deps, slug, todayDate)).length ? todayDate : today.plus({ days: 1 }).toISODate()!;
    const agent = await signIn(app, (await aPatient(deps)).email);
    expect($((await agent.get(page({ specialty: slug }))).text)('#f-date').val()).toBe(expected);
  });

  it('is the next day with free times when today has none', async () => {
    const inThreeDays = today.plus({ days: 3 });
    const { slug } = await aSpecialty(1, { slotMinutes: 20, days: { [inThreeDays.weekday]: [{ start: '09:00', end: '10:00' }] } });
    const agent = await signIn(app, (await aPatient(deps)).email);
    expect($((await agent.get(page({ specialty: slug }))).text)('#f-date').val()).toBe(inThreeDays.toISODate());
  });
});
