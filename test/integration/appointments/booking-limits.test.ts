/**
 * Issue 10, defect 6 (booking abuse): a patient holds at most MEDTRACK_MAX_ACTIVE_APPOINTMENTS
 * active visits (5 by default), enforced by a counter moved in the booking's own transaction, and
 * sends at most MEDTRACK_BOOKING_REQUESTS_PER_HOUR booking or waitlist requests. Checked in the
 * data read back (appointments, lock items, the counter), against the run's DynamoDB Local, in
 * tables of its own: the waitlist assigner works on every open entry, so no other file's may be there.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { countPlaces, getAppointment, insertAppointment, listUpcomingAppointmentsForPatient } from '../../../src/appointments/repository';
import { bookAppointment, type BookingResult } from '../../../src/appointments/booking/service';
import { cancel, reschedule } from '../../../src/appointments/visits/service';
import type { Appointment } from '../../../src/appointments/types';
import { reassign } from '../../../src/appointments/admin/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { assignWaitlist, joinWaitlist, listWaitlistForPatient } from '../../../src/appointments/waitlist/service';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { aDoctorWithPlan, bookingContext, burstDb, countBy, everyDayPlan, formKey, futureWeekday, instantAt, planSlots, scanLocks, uniqueSpecialty } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { outboxItemsFor } from '../../helpers/outbox';
import { anAdmin, aPatient } from '../../helpers/users';

const prefix = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}limits-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: prefix });
const zone = deps.config.timeZone;
const CAP = 5;
/** 09:00-15:40 in 20-minute visits: twenty slots a day. */
const TWENTY_SLOTS = everyDayPlan([{ start: '09:00', end: '15:40' }]);
const TOO_MANY = `You already have ${CAP} upcoming appointments, the most one patient can hold at a time.`;

beforeAll(async () => {
  await ensureTables(deps.db.client, prefix);
  await ensureCityGeneralCardiology(deps);
});

function booked(result: BookingResult): Appointment {
  if (result.kind !== 'booked') throw new Error(`expected a booking, got ${JSON.stringify(result)}`);
  return result.appointment;
}

/** A doctor with twenty slots a day, and that day's slots `daysAhead` from today (negative: past). */
async function aBusyDoctor(daysAhead = 3) {
  const specialty = uniqueSpecialty('limits');
  const doctor = await aDoctorWithPlan(deps, specialty, TWENTY_SLOTS);
  const date = daysAhead > 0 ? futureWeekday(zone, daysAhead) : DateTime.now().setZone(zone).plus({ days: daysAhead }).toISODate()!;
  return { specialty, doctor, date, slots: await planSlots(deps, doctor.id, date) };
}

const bookSlot = (patient: User, doctor: User, start: string, now?: Date) =>
  bookAppointment(deps, { patient, doctorId: doctor.id, start, reason: 'Blood pressure review', idempotencyKey: formKey() }, now);

/** The patient's visits that are active (as stored), and how many of them hold a place. */
async function activeVisits(patient: User): Promise<Appointment[]> {
  const all = await listUpcomingAppointmentsForPatient(deps.db, patient.id, new Date(0).toISOString());
  const fresh = await Promise.all(all.map((a) => getAppointment(deps.db, a.id)));
  return fresh.filter((a): a is Appointment => !!a && ['booked', 'checked-in', 'in-progress'].includes(a.status));
}

/** The counter equals the visits that hold a place, and never exceeds the cap. */
async function expectPlacesConsistent(patient: User): Promise<number> {
  const places = await countPlaces(deps.db, patient.id);
  expect(places).toBe((await activeVisits(patient)).filter((a) => a.holdsPlace).length);
  expect(places).toBeLessThanOrEqual(CAP);
  return places;
}

const bookOverHttp = (agent: Agent, doctor: User, specialty: string, date: string, start: string) =>
  submit(agent, `/appointments/new?specialty=${specialty}&date=${date}`, '/appointments', {
    specialty, doctorId: doctor.id, date, start, reason: 'Blood pressure review', idempotencyKey: formKey(),
  });

describe('the cap on active appointments per patient', () => {
  it('refuses the 6th active appointment on the booking page with 409 and says why; nothing is written for it', async () => {
    const { specialty, doctor, date, slots } = await aBusyDoctor();
    const patient = await aPatient(deps);
    for (const slot of slots.slice(0, CAP)) booked(await bookSlot(patient, doctor, slot.start));
    const agent = await signIn(app, patient.email);

    const sixth = await bookOverHttp(agent, doctor, specialty, date, slots[CAP].start);

    expect(sixth.status).toBe(409);
    expect(messages(sixth.text)).toContain(TOO_MANY);
    expect($(sixth.text)('form[action="/appointments"]')).toHaveLength(1); // the form again, not an error page
    expect(await activeVisits(patient)).toHaveLength(CAP);
    expect(await expectPlacesConsistent(patient)).toBe(CAP);
    expect(await scanLocks(deps.db, `PATIENT_BUSY#${patient.id}#${slots[CAP].start}`)).toEqual([]);
    expect(await scanLocks(deps.db, `DOCTOR_BUSY#${doctor.id}#${slots[CAP].start}`)).toEqual([]);
    expect(await outboxItemsFor(deps.db, doctor.id, 'appointment.booked')).toHaveLength(CAP);
  });

  it('gives a place back when the patient cancels one, so the next booking goes through', async () => {
    const { specialty, doctor, date, slots } = await aBusyDoctor();
    const patient = await aPatient(deps);
    const mine = [];
    for (const slot of slots.slice(0, CAP)) mine.push(booked(await bookSlot(patient, doctor, slot.start)));
    const agent = await signIn(app, patient.email);
    expect((await bookOverHttp(agent, doctor, specialty, date, slots[CAP].start)).status).toBe(409);

    const path = `/appointments/${mine[2].id}`;
    expect((await submit(agent, path, `${path}/cancel`, {})).status).toBe(303);
    expect(await countPlaces(deps.db, patient.id)).toBe(CAP - 1);
    const again = await bookOverHttp(agent, doctor, specialty, date, slots[CAP].start);

    expect(again.status).toBe(303);
    expect(await activeVisits(patient)).toHaveLength(CAP);
    expect(await expectPlacesConsistent(patient)).toBe(CAP);
  });

  it('counts a visit until it ends: check-in, start, move and reassignment keep the place; complete and no-show give it back', async () => {
    const { specialty, doctor, slots } = await aBusyDoctor();
    const colleague = await aDoctorWithPlan(deps, specialty, TWENTY_SLOTS);
    const patient = await aPatient(deps);
    const mine = [];
    for (const slot of slots.slice(0, CAP)) mine.push(booked(await bookSlot(patient, doctor, slot.start)));

    // The first visit is run as it happens: from its start, once check-in is open.
    const atFirst = new Date(mine[0].start);
    await advanceVisit(deps, doctor, mine[0].id, 'check-in', undefined, atFirst);
    await advanceVisit(deps, doctor, mine[0].id, 'start', undefined, atFirst);
    expect((await reschedule(deps, patient, mine[1].id, slots[10].start)).kind).toBe('moved');
    await reassign(deps, await anAdmin(deps), mine[3].id, colleague.id);
    expect(await expectPlacesConsistent(patient)).toBe(CAP);
    expect((await bookSlot(patient, doctor, slots[11].start)).kind).toBe('too-many');

    await advanceVisit(deps, doctor, mine[0].id, 'complete', { diagnosis: 'Mild hypertension', prescription: [] }, atFirst);
    const afterVisit = DateTime.fromISO(mine[2].end).plus({ minutes: 5 }).toJSDate();
    await advanceVisit(deps, doctor, mine[2].id, 'no-show', undefined, afterVisit);

    expect(await expectPlacesConsistent(patient)).toBe(CAP - 2);
    booked(await bookSlot(patient, doctor, slots[11].start));
    booked(await bookSlot(patient, doctor, slots[12].start));
    expect((await bookSlot(patient, doctor, slots[13].start)).kind).toBe('too-many');
    expect(await expectPlacesConsistent(patient)).toBe(CAP);
  });

  it('stops counting visits left open after their day, so a patient is never stuck at the cap', async () => {
    const past = await aBusyDoctor(-2);
    const next = await aBusyDoctor();
    const patient = await aPatient(deps);
    // Booked back then (the clock of the booking reads three days ago); nobody ever closed them.
    const then = DateTime.now().minus({ days: 3 }).toJSDate();
    const stale = [];
    for (const slot of past.slots.slice(0, CAP)) stale.push(booked(await bookSlot(patient, past.doctor, slot.start, then)));
    expect(await countPlaces(deps.db, patient.id)).toBe(CAP);

    booked(await bookSlot(patient, next.doctor, next.slots[0].start));

    expect(await countPlaces(deps.db, patient.id)).toBe(1);
    for (const visit of stale) {
      const stored = await getAppointment(deps.db, visit.id);
      expect(stored).toMatchObject({ status: 'booked', version: 2 });
      expect(stored!.holdsPlace).toBeUndefined();
    }
    // The doctor closing one late does not give back a place twice.
    await advanceVisit(deps, past.doctor, stale[0].id, 'no-show');
    expect(await countPlaces(deps.db, patient.id)).toBe(1);
  });

  it('treats visits booked before the cap existed as holding no place: cancelling one gives nothing back', async () => {
    const { doctor, slots } = await aBusyDoctor();
    const patient = await aPatient(deps);
    const template = booked(await bookSlot(patient, doctor, slots[0].start));
    const { holdsPlace: _none, ...legacy } = { ...template, id: randomUUID(), start: slots[1].start, end: slots[1].end, createdAt: new Date().toISOString() };
    expect(await insertAppointment(deps.db, legacy, formKey(), randomUUID())).toBe('booked');
    expect(await countPlaces(deps.db, patient.id)).toBe(1);

    await cancel(deps, patient, legacy.id, undefined);

    expect(await countPlaces(deps.db, patient.id)).toBe(1);
    await cancel(deps, patient, template.id, undefined);
    expect(await countPlaces(deps.db, patient.id)).toBe(0);
  });
});

describe('the cap under concurrency', () => {
  const burst = bookingContext({ db: burstDb(deps.config), config: deps.config });

  it('lets 20 parallel bookings by one patient hold exactly 5 places, and turns the other 15 away cleanly', async () => {
    const { doctor, slots } = await aBusyDoctor();
    const patient = await aPatient(deps);

    const settled = await Promise.allSettled(
      slots.map((slot) => bookAppointment(burst, { patient, doctorId: doctor.id, start: slot.start, reason: 'Second opinion', idempotencyKey: formKey() })),
    );

    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    const results = settled.map((s) => (s as PromiseFulfilledResult<BookingResult>).value);
    expect(Object.fromEntries(countBy(results, (r) => r.kind))).toEqual({ booked: CAP, 'too-many': 20 - CAP });
    const stored = await activeVisits(patient);
    expect(stored.map((a) => a.id).sort()).toEqual(results.flatMap((r) => (r.kind === 'booked' ? [r.appointment.id] : [])).sort());
    expect(await expectPlacesConsistent(patient)).toBe(CAP);
    // Only the five hold locks: a refused booking left nothing behind.
    expect(await scanLocks(deps.db, `PATIENT_BUSY#${patient.id}#`)).toHaveLength(CAP * 4);
    expect(await scanLocks(deps.db, `DOCTOR_BUSY#${doctor.id}#`)).toHaveLength(CAP * 4);
  });

  it('keeps the count exact when cancels race new bookings', async () => {
    const { doctor, slots } = await aBusyDoctor();
    const patient = await aPatient(deps);
    const mine = [];
    for (const slot of slots.slice(0, CAP)) mine.push(booked(await bookSlot(patient, doctor, slot.start)));

    const settled = await Promise.allSettled([
      ...mine.slice(0, 2).map((a) => cancel(burst, patient, a.id, undefined)),
      ...slots.slice(CAP, CAP + 8).map((slot) => bookAppointment(burst, { patient, doctorId: doctor.id, start: slot.start, reason: 'Follow-up', idempotencyKey: formKey() })),
    ]);

    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const newOnes = settled.slice(2).map((s) => (s as PromiseFulfilledResult<BookingResult>).value);
    expect(newOnes.filter((r) => r.kind === 'booked').length).toBeLessThanOrEqual(2);
    expect(newOnes.every((r) => r.kind === 'booked' || r.kind === 'too-many')).toBe(true);
    const places = await expectPlacesConsistent(patient);
    expect(places).toBe(CAP - 2 + newOnes.filter((r) => r.kind === 'booked').length);
  });
});

describe('the cap and the waiting list', () => {
  it('refuses to put a patient at the cap on the waiting list, on the booking page with 409', async () => {
    const { specialty, doctor, date, slots } = await aBusyDoctor();
    const patient = await aPatient(deps);
    for (const slot of slots.slice(0, CAP)) booked(await bookSlot(patient, doctor, slot.start));
    const agent = await signIn(app, patient.email);

    const response = await submit(agent, `/appointments/new?specialty=${specialty}&date=${date}`, '/waitlist', { specialty, doctorId: '', from: date, to: date, reason: 'Any time that day' });

    expect(response.status).toBe(409);
    expect($(response.text)('#waitlist .error-summary').text()).toContain(TOO_MANY);
    expect(await listWaitlistForPatient(deps.db, patient.id)).toEqual([]);
  });

  it('holds an entry whose patient filled their places meanwhile, says so, and books it once a place frees', async () => {
    const { doctor, slots } = await aBusyDoctor();
    // Well after the five visits' day, so the booking it waits for never clashes with them.
    const waitDate = futureWeekday(zone, 10);
    const onlySlot = instantAt(waitDate, '09:00', zone);
    const full = await aDoctorWithPlan(deps, uniqueSpecialty('limits'), everyDayPlan([{ start: '09:00', end: '09:20' }]));
    const other = await aPatient(deps);
    const taken = booked(await bookSlot(other, full, onlySlot));
    const patient = await aPatient(deps);
    await joinWaitlist(deps, patient, { doctorId: full.id, from: waitDate, to: waitDate, reason: 'Whenever she is free' });
    const mine = [];
    for (const slot of slots.slice(0, CAP)) mine.push(booked(await bookSlot(patient, doctor, slot.start)));
    await cancel(deps, other, taken.id, undefined);

    await assignWaitlist(deps);

    const [entry] = await listWaitlistForPatient(deps.db, patient.id);
    expect(entry.status).toBe('open');
    expect(await countPlaces(deps.db, patient.id)).toBe(CAP);
    const agent = await signIn(app, patient.email);
    expect($((await agent.get('/appointments')).text)('[data-testid=waitlist-on-hold]').text()).toContain(`you already have ${CAP} upcoming appointments`);

    await cancel(deps, patient, mine[0].id, undefined);
    await assignWaitlist(deps);

    const [assigned] = await listWaitlistForPatient(deps.db, patient.id);
    expect(assigned.status).toBe('assigned');
    expect(await getAppointment(deps.db, assigned.appointmentId!)).toMatchObject({ doctorId: full.id, start: onlySlot, holdsPlace: true });
    expect(await expectPlacesConsistent(patient)).toBe(CAP);
  });
});

describe('the booking request rate limit', () => {
  const limited = buildTestApp({ MEDTRACK_TABLE_PREFIX: prefix, MEDTRACK_BOOKING_REQUESTS_PER_HOUR: '3' });

  it('answers 429 with a clear message once a patient sent 3 booking or waitlist requests in the hour; others are unaffected', async () => {
    const { specialty, doctor, date, slots } = await aBusyDoctor();
    const patient = await aPatient(limited.deps);
    const agent = await signIn(limited.app, patient.email);
    const page = `/appointments/new?specialty=${specialty}&date=${date}`;
    expect((await bookOverHttp(agent, doctor, specialty, date, slots[0].start)).status).toBe(303);
    expect((await submit(agent, page, '/appointments', { specialty, date, start: 'soon' })).status).toBe(422);
    expect((await submit(agent, page, '/waitlist', { specialty, doctorId: '', from: date, to: date, reason: 'Any time that day' })).status).toBe(303);

    const refused = await bookOverHttp(agent, doctor, specialty, date, slots[1].start);
    const refusedWaitlist = await submit(agent, page, '/waitlist', { specialty, doctorId: '', from: date, to: date, reason: 'Any time that day' });

    for (const response of [refused, refusedWaitlist]) {
      expect(response.status).toBe(429);
      expect(messages(response.text)).toContain('You have sent 3 booking or waiting-list requests in the last hour, the most we accept.');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(3000);
    }
    expect(await activeVisits(patient)).toHaveLength(1);
    expect(await listWaitlistForPatient(deps.db, patient.id)).toHaveLength(1);
    const someoneElse = await signIn(limited.app, (await aPatient(limited.deps)).email);
    expect((await bookOverHttp(someoneElse, doctor, specialty, date, slots[1].start)).status).toBe(303);
  });
});
