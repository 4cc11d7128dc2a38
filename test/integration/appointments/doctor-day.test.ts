import { randomUUID } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { backfillIndexKeys, savePlan } from '../../../src/appointments';
import { appointmentKey } from '../../../src/appointments/keys';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { advanceVisit, nextActions } from '../../../src/appointments/doctor-day/visit-steps';
import { ConflictError } from '../../../src/platform/http/errors';
import { createSpecialty } from '../../../src/directory';
import type { User } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = 'Asia/Kolkata';
const date = DateTime.now().setZone(zone).plus({ days: 4 }).toISODate()!;
const at = (hhmm: string, day = date) => DateTime.fromISO(`${day}T${hhmm}`, { zone }).toUTC().toISO()!;
// Visits are run only from when check-in opens: the tests that run one use yesterday's, booked the day before.
const yesterday = DateTime.now().setZone(zone).minus({ days: 1 }).toISODate()!;

async function aSpecialty(): Promise<string> {
  const specialty = `day-${randomUUID().slice(0, 8)}`;
  await createSpecialty(deps.db, { slug: specialty, name: `Day ${specialty}`, description: 'For the doctor day tests' });
  return specialty;
}

async function aDoctorWithVisits(times: string[], where: { specialty?: string; hospitalId?: string; day?: string } = {}) {
  const day = where.day ?? date;
  const bookedAt = DateTime.fromISO(day, { zone }).minus({ days: 1 }).toJSDate();
  const specialty = where.specialty ?? (await aSpecialty());
  const doctor = await aDoctor(deps, { doctor: { specialty, hospitalId: where.hospitalId ?? 'city-general', qualifications: 'MBBS', yearsOfExperience: 9, consultationFee: 600, approval: 'approved' } });
  await savePlan(deps.db, doctor.id, { slotMinutes: 20, days: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '09:00', end: '12:00' }]])) }, 0);
  const visits = [];
  for (const time of times) {
    const patient = await aPatient(deps, { firstName: `P${time.replace(':', '')}${randomUUID().slice(0, 4)}` });
    const result = await bookAppointment(deps, { patient, doctorId: doctor.id, start: at(time, day), reason: 'Persistent cough', idempotencyKey: randomUUID() }, bookedAt);
    if (result.kind !== 'booked') throw new Error(`could not book ${time}: ${result.kind}`);
    visits.push({ patient, appointment: result.appointment });
  }
  return { doctor, visits };
}

const statsOn = (html: string) => {
  const page = $(html);
  return Object.fromEntries(page('[data-stat]').map((_i, el) => [[page(el).attr('data-stat'), Number(page(el).text())]]).get());
};

describe("the doctor's day", () => {
  it('lists the day in time order with live counts, the patient-flow data and a JSON refresh', async () => {
    const { doctor, visits } = await aDoctorWithVisits(['10:20', '09:00', '09:40']);
    const agent = await signIn(app, doctor.email);
    await submit(agent, `/appointments/${visits[2].appointment.id}`, `/appointments/${visits[2].appointment.id}/cancel`, { reason: 'Clinic closed early' });

    const page = await agent.get(`/doctor?date=${date}`);
    expect(page.status).toBe(200);
    const html = $(page.text);
    expect(html('tbody tr td[data-label=Time]').map((_i, el) => html(el).text()).get()).toEqual(['09:00', '09:40', '10:20']);
    expect(statsOn(page.text)).toEqual({ total: 3, completed: 0, pending: 2, cancelled: 1, noShows: 0 });
    // 09:40 was cancelled: it is counted, but not charted.
    expect(JSON.parse(html('#flow-chart').attr('data-flow')!)).toEqual([{ hour: '09:00', visits: 1 }, { hour: '10:00', visits: 1 }]);

    const json = await agent.get(`/doctor/day.json?date=${date}`).expect(200);
    expect(json.body.stats).toEqual({ total: 3, completed: 0, pending: 2, cancelled: 1, noShows: 0 });
    expect(json.body.statuses).toHaveLength(3);
  });

  it('shows the numbers of a whole department at the doctor\'s hospital, but lists only the doctor\'s own patients', async () => {
    const specialty = await aSpecialty();
    const { doctor } = await aDoctorWithVisits(['09:00'], { specialty });
    const colleague = await aDoctorWithVisits(['09:00', '09:20'], { specialty });
    await aDoctorWithVisits(['09:00'], { specialty, hospitalId: 'elsewhere-hospital' });
    await aDoctorWithVisits(['09:40']);
    const agent = await signIn(app, doctor.email);

    const page = await agent.get(`/doctor?date=${date}&specialty=${specialty}`);
    const html = $(page.text);
    expect(statsOn(page.text)).toEqual({ total: 3, completed: 0, pending: 3, cancelled: 0, noShows: 0 });
    expect(JSON.parse(html('#flow-chart').attr('data-flow')!)).toEqual([{ hour: '09:00', visits: 3 }]);
    expect(html('[data-testid=stats-scope]').text()).toContain(`Day ${specialty} at`);
    expect(html('tbody tr')).toHaveLength(1);
    expect(page.text).not.toContain(colleague.visits[1].patient.firstName);
    expect(html(`#specialty option[value=${specialty}]`).attr('selected')).toBeDefined();
    expect(html('a[aria-label="Next day"]').attr('href')).toContain(`specialty=${specialty}`);

    const json = await agent.get(`/doctor/day.json?date=${date}&specialty=${specialty}`).expect(200);
    expect(json.body.stats.total).toBe(3);
    expect(json.body.statuses).toHaveLength(1);

    // An unknown or malformed specialty shows the doctor's own numbers.
    for (const bad of ['no-such-department', '<script>', '']) {
      const fallback = await agent.get(`/doctor?date=${date}&specialty=${encodeURIComponent(bad)}`).expect(200);
      expect(statsOn(fallback.text).total).toBe(1);
    }
  });

  it("reads only the department's own appointments for its numbers, never the whole portal's day", async () => {
    const specialty = await aSpecialty();
    const { doctor } = await aDoctorWithVisits(['09:00'], { specialty });
    await aDoctorWithVisits(['09:20', '09:40'], { specialty });
    await aDoctorWithVisits(['09:00'], { specialty, hospitalId: 'elsewhere-hospital' });
    await aDoctorWithVisits(['10:00', '10:20']);
    const agent = await signIn(app, doctor.email);

    const send = jest.spyOn(deps.db.doc, 'send');
    try {
      const json = await agent.get(`/doctor/day.json?date=${date}&specialty=${specialty}`).expect(200);
      expect(json.body.stats.total).toBe(3);
      const queries = send.mock.calls
        .map(([command], i) => ({ command, result: send.mock.results[i].value }))
        .filter(({ command }) => command instanceof QueryCommand && command.input.TableName === deps.db.tables.appointments);
      const inputs = queries.map(({ command }) => (command as QueryCommand).input);
      expect(inputs.map((input) => input.IndexName).sort()).toEqual(['byDepartmentDay', 'byDoctorDay']);
      const department = queries.find(({ command }) => (command as QueryCommand).input.IndexName === 'byDepartmentDay')!;
      expect((department.command as QueryCommand).input.ExpressionAttributeValues).toEqual({ ':key': `DEPT#city-general#${specialty}#${date}` });
      // Every item read is one of the department's three visits: nothing was read to be filtered out.
      const page = await department.result;
      expect(page.ScannedCount).toBe(3);
      expect(page.Items.map((item: { specialty: string; hospitalId: string }) => `${item.hospitalId}/${item.specialty}`)).toEqual(Array(3).fill(`city-general/${specialty}`));
    } finally {
      send.mockRestore();
    }
  });

  it('counts visits written before the department index once the backfill gave them its key', async () => {
    const specialty = await aSpecialty();
    const { doctor, visits } = await aDoctorWithVisits(['09:00', '09:20'], { specialty });
    // As written before the index existed: no department key.
    await deps.db.doc.send(new UpdateCommand({ TableName: deps.db.tables.appointments, Key: appointmentKey(visits[0].appointment.id), UpdateExpression: 'REMOVE gsi5pk, gsi5sk' }));
    const agent = await signIn(app, doctor.email);
    const total = async () => (await agent.get(`/doctor/day.json?date=${date}&specialty=${specialty}`).expect(200)).body.stats.total;
    expect(await total()).toBe(1);

    expect(await backfillIndexKeys(deps.db)).toBeGreaterThanOrEqual(1);
    expect(await total()).toBe(2);
    expect(await backfillIndexKeys(deps.db)).toBe(0);
  });

  it('runs a visit from check-in to completion, and the patient sees the diagnosis and prescription', async () => {
    const { doctor, visits } = await aDoctorWithVisits(['09:20'], { day: yesterday });
    const { patient, appointment } = visits[0];
    const agent = await signIn(app, doctor.email);
    const path = `/appointments/${appointment.id}`;

    expect((await submit(agent, `/doctor?date=${yesterday}`, `${path}/check-in`, {})).status).toBe(303);
    expect((await submit(agent, path, `${path}/start`, {})).headers.location).toBe(path);
    const done = await submit(agent, path, `${path}/complete`, {
      diagnosis: 'Acute bronchitis',
      notes: 'Review in a week if not better',
      drug_1: 'Amoxicillin', dose_1: '500 mg', frequency_1: 'Three times a day', duration_1: '5 days', instructions_1: 'After food',
    });
    expect(done.status).toBe(303);

    const seen = $((await (await signIn(app, patient.email)).get(path)).text);
    expect(seen('[data-testid=status]').text()).toBe('Completed');
    expect(seen('[data-testid=diagnosis]').text()).toBe('Acute bronchitis');
    expect(seen('[data-testid=prescription] tbody td').map((_i, el) => seen(el).text()).get()).toEqual(['Amoxicillin', '500 mg', 'Three times a day', '5 days', 'After food']);
    expect(statsOn((await agent.get(`/doctor?date=${yesterday}`)).text)).toMatchObject({ completed: 1, pending: 0 });
  });

  it('re-renders the completion form with 422 for a missing diagnosis or an incomplete prescription line', async () => {
    const { doctor, visits } = await aDoctorWithVisits(['11:00'], { day: yesterday });
    const agent = await signIn(app, doctor.email);
    const path = `/appointments/${visits[0].appointment.id}`;
    await submit(agent, path, `${path}/start`, {});

    const response = await submit(agent, path, `${path}/complete`, { diagnosis: '', drug_2: 'Paracetamol' });
    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-diagnosis-error').text()).toBe('Record the diagnosis');
    expect(page('#f-dose_2-error').text()).toBe('Give the dose, like 500 mg');
    expect(page('#f-drug_2').val()).toBe('Paracetamol');
    expect($((await agent.get(path)).text)('[data-testid=status]').text()).toBe('With the doctor');
  });

  it('refuses steps out of order with a clear 409, and a no-show before the start time', async () => {
    const { doctor, visits } = await aDoctorWithVisits(['10:00'], { day: yesterday });
    const agent = await signIn(app, doctor.email);
    const path = `/appointments/${visits[0].appointment.id}`;

    const notStarted = await submit(agent, path, `${path}/complete`, { diagnosis: 'Something' });
    expect(notStarted.status).toBe(409);
    expect(messages(notStarted.text)).toContain('This visit is booked, so it cannot be completed now.');
    await submit(agent, path, `${path}/start`, {});
    const again = await submit(agent, path, `${path}/check-in`, {});
    expect(again.status).toBe(409);
    expect(messages(again.text)).toContain('This visit is already under way, so it cannot be checked in now.');
  });

  it('opens check-in an hour before the start: nothing can be done to a later visit, and the day says when', async () => {
    const { doctor, visits } = await aDoctorWithVisits(['10:00']);
    const agent = await signIn(app, doctor.email);
    const path = `/appointments/${visits[0].appointment.id}`;

    for (const [step, done] of [['check-in', 'checked in'], ['start', 'started']]) {
      const early = await submit(agent, path, `${path}/${step}`, {});
      expect(early.status).toBe(409);
      expect(messages(early.text)).toContain(`Check-in for this visit opens at 09:00, 60 minutes before it starts. The visit cannot be ${done} before then.`);
    }
    const noShow = await submit(agent, path, `${path}/no-show`, {});
    expect(noShow.status).toBe(409);
    expect(messages(noShow.text)).toContain("only after the visit's start time (10:00)");
    expect($((await agent.get(path)).text)('[data-testid=status]').text()).toBe('Booked');

    const day = $((await agent.get(`/doctor?date=${date}`)).text);
    expect(day(`[data-testid=visit-${visits[0].appointment.id}] button`)).toHaveLength(0);
    expect(day(`[data-testid=visit-${visits[0].appointment.id}] [data-testid=check-in-opens]`).text()).toBe('Check-in from 09:00');
    const visit = $((await agent.get(path)).text);
    expect(visit('.visit-actions button')).toHaveLength(0);
    expect(visit('[data-testid=check-in-opens]').text()).toContain('09:00');
  });

  it('lets the doctor check in and start once check-in opens, and mark a no-show once the start has passed', async () => {
    const { doctor, visits } = await aDoctorWithVisits(['09:00', '09:20']);
    const [first, second] = visits.map((v) => v.appointment);
    const minutes = (iso: string, n: number) => DateTime.fromISO(iso).plus({ minutes: n }).toJSDate();

    await expect(advanceVisit(deps, doctor, first.id, 'check-in', undefined, minutes(first.start, -61))).rejects.toBeInstanceOf(ConflictError);
    expect((await advanceVisit(deps, doctor, first.id, 'check-in', undefined, minutes(first.start, -60))).status).toBe('checked-in');
    expect((await advanceVisit(deps, doctor, first.id, 'start', undefined, minutes(first.start, -50))).status).toBe('in-progress');
    const completed = await advanceVisit(deps, doctor, first.id, 'complete', { diagnosis: 'Common cold', prescription: [] }, minutes(first.start, -40));
    expect(completed.status).toBe('completed');

    await expect(advanceVisit(deps, doctor, second.id, 'no-show', undefined, minutes(second.start, -1))).rejects.toThrow('only after');
    expect((await advanceVisit(deps, doctor, second.id, 'no-show', undefined, minutes(second.start, 0))).status).toBe('no-show');
  });

  it('keeps other doctors and patients out', async () => {
    const { visits } = await aDoctorWithVisits(['09:00']);
    const path = `/appointments/${visits[0].appointment.id}`;
    const otherDoctor = await signIn(app, (await aDoctor(deps)).email);
    expect((await submit(otherDoctor, '/doctor', `${path}/check-in`, {})).status).toBe(404);
    const patient = await signIn(app, visits[0].patient.email);
    expect((await patient.get('/doctor')).status).toBe(403);
    expect((await submit(patient, path, `${path}/check-in`, {})).status).toBe(403);
  });

  it('shows a doctor awaiting approval the waiting page instead of a schedule', async () => {
    const pending: User = await aDoctor(deps, { doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 1, consultationFee: 300, approval: 'pending' } });
    const page = await (await signIn(app, pending.email)).get('/doctor');
    expect(page.status).toBe(200);
    expect($(page.text)('main h1').text()).toContain('almost there');
  });

  it("refuses a doctor awaiting approval the day's data: no department counts, no visit steps", async () => {
    const { visits } = await aDoctorWithVisits(['09:00', '09:20']);
    const { specialty, hospitalId } = visits[0].appointment;
    const pending = await aDoctor(deps, { doctor: { specialty, hospitalId, qualifications: 'MBBS', yearsOfExperience: 1, consultationFee: 300, approval: 'pending' } });
    const agent = await signIn(app, pending.email);

    const json = await agent.get(`/doctor/day.json?date=${date}&specialty=${specialty}`);
    expect(json.status).toBe(403);
    expect(json.body.stats).toBeUndefined();
    expect(messages(json.text)).toContain('once an administrator has approved your registration');
    expect((await agent.get(`/doctor/day.json?date=${date}`)).status).toBe(403);
    const path = `/appointments/${visits[0].appointment.id}`;
    expect((await submit(agent, '/doctor', `${path}/check-in`, {})).status).toBe(403);
  });
});

describe('which visit steps are open', () => {
  const base = { status: 'booked', start: '2026-12-01T04:00:00.000Z' } as never;

  it('opens check-in and start when check-in opens, and no-show only once the start time has passed', () => {
    expect(nextActions(base, 60, new Date('2026-12-01T02:59:00Z'))).toEqual([]);
    expect(nextActions(base, 60, new Date('2026-12-01T03:00:00Z'))).toEqual(['check-in', 'start']);
    expect(nextActions(base, 60, new Date('2026-12-01T03:59:00Z'))).toEqual(['check-in', 'start']);
    expect(nextActions(base, 60, new Date('2026-12-01T04:00:00Z'))).toEqual(['check-in', 'start', 'no-show']);
    expect(nextActions(base, 15, new Date('2026-12-01T03:30:00Z'))).toEqual([]);
  });
});
