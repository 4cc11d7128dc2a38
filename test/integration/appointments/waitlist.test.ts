import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { listUpcomingAppointmentsForPatient } from '../../../src/appointments/repository';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { cancel } from '../../../src/appointments/visits/service';
import { assignWaitlist, joinWaitlist, listWaitlistForPatient } from '../../../src/appointments/waitlist/service';
import { createSpecialty } from '../../../src/directory';
import { acquireLease, runExclusively } from '../../../src/jobs/lease';
import { buildTestApp } from '../../helpers/app';
import { $, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = 'Asia/Kolkata';
const date = DateTime.now().setZone(zone).plus({ days: 7 }).toISODate()!;
const at = (hhmm: string) => DateTime.fromISO(`${date}T${hhmm}`, { zone }).toUTC().toISO()!;

/** A specialty with one doctor who sees two patients (09:00, 09:20) that day, both booked. */
async function aFullyBookedDoctor() {
  const specialty = `wait-${randomUUID().slice(0, 8)}`;
  await createSpecialty(deps.db, { slug: specialty, name: `Wait ${specialty}`, description: 'For the waitlist tests' });
  const doctor = await aDoctor(deps, { doctor: { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 6, consultationFee: 500, approval: 'approved' } });
  const day = DateTime.fromISO(date).weekday;
  await savePlan(deps.db, doctor.id, { slotMinutes: 20, days: { [day]: [{ start: '09:00', end: '09:40' }] } }, 0);
  const booked = [];
  for (const time of ['09:00', '09:20']) {
    const patient = await aPatient(deps);
    const result = await bookAppointment(deps, { patient, doctorId: doctor.id, start: at(time), reason: 'Routine visit', idempotencyKey: randomUUID() });
    if (result.kind !== 'booked') throw new Error(result.kind);
    booked.push({ patient, appointment: result.appointment });
  }
  return { specialty, doctor, booked };
}

describe('the waiting list', () => {
  it('is offered when no time is free, and a freed time is booked for the patient by the assigner', async () => {
    const { specialty, booked } = await aFullyBookedDoctor();
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const page = $((await agent.get(`/appointments/new?specialty=${specialty}&date=${date}`)).text);
    expect(page('#waitlist h2').text()).toBe('Join the waiting list');

    const joined = await submit(agent, `/appointments/new?specialty=${specialty}&date=${date}`, '/waitlist', { specialty, doctorId: '', from: date, to: date, reason: 'Recurring migraines' });
    expect(joined.headers.location).toBe('/appointments');
    expect((await assignWaitlist(deps)).assigned).toBe(0);

    await cancel(deps, booked[1].patient, booked[1].appointment.id, undefined);
    expect(await assignWaitlist(deps)).toMatchObject({ assigned: 1 });
    const [appointment] = await listUpcomingAppointmentsForPatient(deps.db, patient.id, new Date().toISOString());
    expect(appointment).toMatchObject({ start: at('09:20'), status: 'booked', reason: 'Recurring migraines' });
    const list = $((await agent.get('/appointments')).text);
    expect(list('[data-testid=waitlist-entry] strong').eq(1).text()).toBe('Booked for you');
    expect(list('[data-testid=waitlist-entry] a').attr('href')).toBe(`/appointments/${appointment.id}`);
  });

  it('gives a freed time to the oldest entry, once, even when two runs overlap', async () => {
    const { specialty, booked } = await aFullyBookedDoctor();
    const [older, newer] = [await aPatient(deps), await aPatient(deps)];
    await joinWaitlist(deps, older, { specialty, from: date, to: date, reason: 'First in line' });
    await joinWaitlist(deps, newer, { specialty, from: date, to: date, reason: 'Second in line' });
    await cancel(deps, booked[0].patient, booked[0].appointment.id, undefined);

    await Promise.all([assignWaitlist(deps), assignWaitlist(deps)]);
    const upcoming = async (id: string) => (await listUpcomingAppointmentsForPatient(deps.db, id, new Date().toISOString())).filter((a) => a.status === 'booked');
    expect(await upcoming(older.id)).toHaveLength(1);
    expect(await upcoming(newer.id)).toHaveLength(0);
    expect((await listWaitlistForPatient(deps.db, newer.id))[0].status).toBe('open');
  });

  it('closes entries whose days have passed', async () => {
    const patient = await aPatient(deps);
    await joinWaitlist(deps, patient, { specialty: 'cardiology', from: '2026-01-01', to: '2026-01-02', reason: 'Too late now' });
    await assignWaitlist(deps);
    expect((await listWaitlistForPatient(deps.db, patient.id))[0].status).toBe('expired');
  });

  it('refuses bad dates with 422 and writes nothing', async () => {
    const { specialty } = await aFullyBookedDoctor();
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const page = `/appointments/new?specialty=${specialty}&date=${date}`;
    const far = DateTime.fromISO(date).plus({ days: 40 }).toISODate()!;
    const cases: [Record<string, string>, string, string][] = [
      [{ from: '2020-01-01', to: date }, 'from', 'The first day cannot be in the past'],
      [{ from: date, to: DateTime.fromISO(date).minus({ days: 1 }).toISODate()! }, 'to', 'The last day must not be before the first'],
      [{ from: date, to: far }, 'to', 'Wait for at most 30 days at a time'],
      [{ from: 'someday', to: date }, 'from', 'Choose the first day you could come'],
    ];
    for (const [dates, field, message] of cases) {
      const response = await submit(agent, page, '/waitlist', { specialty, doctorId: '', reason: 'Check-up please', ...dates });
      expect([response.status, $(response.text)(`#waitlist #f-${field}-error`).text()]).toEqual([422, message]);
    }
    expect(await listWaitlistForPatient(deps.db, patient.id)).toEqual([]);
  });

  it('lets the patient leave the list, and hides other patients’ entries', async () => {
    const patient = await aPatient(deps);
    const entry = await joinWaitlist(deps, patient, { specialty: 'cardiology', from: date, to: date, reason: 'Chest tightness' });
    const stranger = await signIn(app, (await aPatient(deps)).email);
    expect((await submit(stranger, '/appointments', `/waitlist/${entry.id}/withdraw`, {})).status).toBe(404);

    const agent = await signIn(app, patient.email);
    expect((await submit(agent, '/appointments', `/waitlist/${entry.id}/withdraw`, {})).status).toBe(303);
    expect((await listWaitlistForPatient(deps.db, patient.id))[0].status).toBe('withdrawn');
    expect((await submit(agent, '/appointments', `/waitlist/${entry.id}/withdraw`, {})).status).toBe(409);
  });
});

describe('job leases', () => {
  it('lets one holder at a time take a job, and another once it expires or is released', async () => {
    const job = `test-${randomUUID()}`;
    const now = Date.now();
    const first = await acquireLease(deps.db, job, 1000, now);
    expect(first).toBeDefined();
    expect(await acquireLease(deps.db, job, 1000, now + 500)).toBeUndefined();
    const after = await acquireLease(deps.db, job, 1000, now + 1500);
    expect(after).toBeDefined();
    await first!.release(); // no longer the holder: must not free the new holder's lease
    expect(await acquireLease(deps.db, job, 1000, now + 1600)).toBeUndefined();
    await after!.release();
    expect(await acquireLease(deps.db, job, 1000, now + 1700)).toBeDefined();
  });

  it('runs overlapping attempts of a job exactly once', async () => {
    const job = `test-${randomUUID()}`;
    let runs = 0;
    const attempt = () => runExclusively(deps.db, job, 5000, async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    const ran = await Promise.all([attempt(), attempt(), attempt()]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });
});
