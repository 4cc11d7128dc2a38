/**
 * A patient's "Upcoming" and "Past": upcoming is what is booked, checked in or under way and not
 * yet over; everything else is past, newest first, paged. And the words around a visit are for
 * people: statuses, cancellations and the doctor's booking e-mail.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { backfillIndexKeys } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { appointmentKey } from '../../../src/appointments/keys';
import { listPastVisitsForPatient, listUpcomingVisitsForPatient } from '../../../src/appointments/repository';
import type { Appointment } from '../../../src/appointments/types';
import { listInbox } from '../../../src/notifications/inbox';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { aDoctorWithPlan, bookingContext, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { $, signIn, type Agent } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { aDoctor, aPatient } from '../../helpers/users';
import { aPastVisit, daysAgoAt } from '../archive/visits';

const { app, deps } = buildTestApp();
const zone = deps.config.timeZone;
const tomorrowAt = (hhmm: string) => daysAgoAt(deps, -1, hhmm);
const fromNow = (minutes: number) => DateTime.now().setZone(zone).startOf('minute').plus({ minutes });

const idsIn = (html: string, list: 'upcoming' | 'past') => {
  const page = $(html);
  return page(`[data-testid=${list}] [data-testid=appointment]`).map((_i, el) => page(el).attr('href')!.split('/').pop()).get();
};

beforeAll(() => ensureCityGeneralCardiology(deps));

describe("a patient's upcoming and past visits", () => {
  let patient: User;
  let doctor: User;
  let agent: Agent;
  const visits: Record<string, Appointment> = {};

  beforeAll(async () => {
    [patient, doctor] = await Promise.all([aPatient(deps, { firstName: 'Meera' }), aDoctor(deps, { lastName: 'Kapoor' })]);
    const visit = (name: string, start: DateTime, status: Appointment['status']) =>
      aPastVisit(deps, { start, status, patientId: patient.id, doctorId: doctor.id }).then((a) => (visits[name] = a));
    await visit('withTheDoctor', fromNow(-10), 'in-progress');
    await visit('checkedIn', fromNow(40), 'checked-in');
    await visit('booked', tomorrowAt('10:00'), 'booked');
    // Finished ahead of their time: a visit completed early and one cancelled for tomorrow.
    await visit('completedEarly', tomorrowAt('09:00'), 'completed');
    await visit('cancelled', tomorrowAt('11:00'), 'cancelled');
    // Nobody marked it: still "booked", but long over.
    await visit('neverMarked', daysAgoAt(deps, 3, '09:00'), 'booked');
    agent = await signIn(app, patient.email);
  });

  it('lists only active visits that have not ended under Upcoming, soonest first, and the rest under Past, newest first', async () => {
    const html = (await agent.get('/appointments').expect(200)).text;

    expect(idsIn(html, 'upcoming')).toEqual([visits.withTheDoctor.id, visits.checkedIn.id, visits.booked.id]);
    expect(idsIn(html, 'past')).toEqual([visits.cancelled.id, visits.completedEarly.id, visits.neverMarked.id]);
    expect($(html)('[data-testid=past]').text()).not.toContain('No past appointments yet');
  });

  it('pages the upcoming visits too, soonest first', async () => {
    const now = new Date().toISOString();
    const first = await listUpcomingVisitsForPatient(deps.db, patient.id, now, { limit: 2 });
    const second = await listUpcomingVisitsForPatient(deps.db, patient.id, now, { limit: 2, cursor: first.cursor });

    expect([...first.items, ...second.items].map((a) => a.id)).toEqual([visits.withTheDoctor.id, visits.checkedIn.id, visits.booked.id]);
    expect(second.cursor).toBeUndefined();
  });

  it('shows the next active visits on the patient home, never a finished one', async () => {
    const page = $((await agent.get('/patient').expect(200)).text);
    const next = page('.plain-list a').map((_i, el) => page(el).attr('href')).get();

    expect(next).toEqual([visits.withTheDoctor.id, visits.checkedIn.id, visits.booked.id].map((id) => `/appointments/${id}`));
  });

  it('shows statuses in plain words, never the codes', async () => {
    const html = (await agent.get('/appointments')).text;
    const badges = $(html)('[data-testid=appointment] .badge').map((_i, el) => $(html)(el).text()).get();

    expect(badges).toEqual(['With the doctor', 'Checked in', 'Booked', 'Cancelled', 'Completed', 'Booked']);
    const text = $(html)('main').text();
    for (const code of ['in-progress', 'checked-in', 'no-show']) expect(text).not.toContain(code);
  });

  it("words a cancellation for whoever reads it: 'you' for the patient who cancelled, 'the patient' for their doctor", async () => {
    const path = `/appointments/${visits.cancelled.id}`;
    const asPatient = $((await agent.get(path).expect(200)).text);
    const asDoctor = $((await (await signIn(app, doctor.email)).get(path).expect(200)).text);

    expect(asPatient('[data-testid=cancellation]').text()).toBe('Cancelled by you — reason: Feeling better');
    expect(asDoctor('[data-testid=cancellation]').text()).toBe('Cancelled by the patient — reason: Feeling better');
    expect(asPatient('[data-testid=status]').text()).toBe('Cancelled');
    expect(asPatient('main').text()).not.toMatch(/patient: Feeling better/);
  });

  it("shows the doctor's day in plain words too", async () => {
    const doctorAgent = await signIn(app, doctor.email);
    const page = $((await doctorAgent.get(`/doctor?date=${visits.checkedIn.localDate}`).expect(200)).text);

    expect(page(`[data-status-of=${visits.checkedIn.id}]`).text()).toBe('Checked in');
    expect(page(`[data-status-of=${visits.withTheDoctor.id}]`).text()).toBe('With the doctor');
    for (const code of ['in-progress', 'checked-in']) expect(page('main').text()).not.toContain(code);
  });
});

describe('paging the past', () => {
  let patient: User;
  let agent: Agent;
  let newestFirst: string[];

  beforeAll(async () => {
    [patient] = await Promise.all([aPatient(deps, { firstName: 'Farah' })]);
    const doctor = await aDoctor(deps);
    const written: Appointment[] = [];
    const statuses = ['completed', 'cancelled', 'no-show'] as const;
    for (let day = 1; day <= 11; day++) {
      written.push(await aPastVisit(deps, { start: daysAgoAt(deps, day, '09:00'), status: statuses[day % 3], patientId: patient.id, doctorId: doctor.id }));
    }
    // One nobody marked, between the others: it is merged into the ended ones in order.
    written.push(await aPastVisit(deps, { start: daysAgoAt(deps, 6, '14:00'), status: 'booked', patientId: patient.id, doctorId: doctor.id }));
    newestFirst = [...written].sort((a, b) => b.start.localeCompare(a.start)).map((a) => a.id);
    agent = await signIn(app, patient.email);
  });

  it('shows ten at a time, newest first, and the rest behind "Older appointments"', async () => {
    const first = $((await agent.get('/appointments').expect(200)).text);
    const firstIds = first('[data-testid=past] [data-testid=appointment]').map((_i, el) => first(el).attr('href')!.split('/').pop()).get();
    expect(firstIds).toEqual(newestFirst.slice(0, 10));

    const older = first('[data-testid=more-past]').attr('href')!;
    expect(older).toMatch(/^\/appointments\?past=[A-Za-z0-9_-]+#past$/);
    const second = (await agent.get(older.replace('#past', '')).expect(200)).text;
    expect(idsIn(second, 'past')).toEqual(newestFirst.slice(10));
    expect($(second)('[data-testid=more-past]')).toHaveLength(0);
  });

  it('reads each page with Queries bounded by the page, across pages of any size', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPastVisitsForPatient(deps.db, patient.id, new Date().toISOString(), { cursor, limit: 5 });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst);
  });

  it("refuses a cursor that was edited or belongs to another list or patient with 400", async () => {
    const older = $((await agent.get('/appointments')).text)('[data-testid=more-past]').attr('href')!.replace('#past', '');
    const cursor = older.split('past=')[1];
    const other = await signIn(app, (await aPatient(deps)).email);

    expect((await agent.get(`/appointments?past=${cursor.slice(0, -2)}AA`)).status).toBe(400);
    expect((await agent.get(`/appointments?upcoming=${cursor}`)).status).toBe(400);
    expect((await other.get(older)).status).toBe(400);
  });

  it('finds visits written before the index once the backfill gave them its keys', async () => {
    const [newest] = newestFirst;
    await deps.db.doc.send(new UpdateCommand({ TableName: deps.db.tables.appointments, Key: appointmentKey(newest), UpdateExpression: 'REMOVE gsi6pk, gsi6sk' }));
    expect(idsIn((await agent.get('/appointments')).text, 'past')).not.toContain(newest);

    expect(await backfillIndexKeys(deps.db)).toBeGreaterThanOrEqual(1);
    expect(idsIn((await agent.get('/appointments')).text, 'past')[0]).toBe(newest);
  });
});

describe("the doctor's booking e-mail", () => {
  it('tells the doctor a patient booked a visit with them, without the patient\'s "move it or cancel it"', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const patient = await aPatient(deps, { firstName: 'Tara' });
    const date = futureWeekday(zone, 4);
    const result = await bookAppointment(bookingContext(deps), { patient, doctorId: doctor.id, start: instantAt(date, '09:00', zone), reason: 'Knee pain', idempotencyKey: formKey() });
    expect(result.kind).toBe('booked');

    const [toDoctor] = await mailsTo(doctor.email);
    expect(toDoctor.body.text).toContain('A patient booked a visit with you.');
    expect(toDoctor.body.text).toContain(`Patient:  Tara`);
    expect(toDoctor.body.text).not.toMatch(/move it or cancel it|Your appointment/);
    expect($(toDoctor.body.html!)('body').text()).toContain('A patient booked a visit with you.');
    expect($(toDoctor.body.html!)('body').text()).not.toMatch(/move or cancel|Your appointment/);
    const [toPatient] = await mailsTo(patient.email);
    expect(toPatient.body.text).toContain('Your appointment is booked.');
    expect((await listInbox(deps.db, doctor.id))[0].body).toMatch(/^Tara .+ booked a visit with you on /);
  });
});
