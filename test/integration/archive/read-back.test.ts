/**
 * Archived visits stay visible: the patient's list and the appointment page read them back from
 * S3 (read-only, same authorisation as a live visit), and admins browse the archived days.
 * Archives into the default `archive/` folder, on days no other archive test uses.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { archiveAppointments } from '../../../src/archive';
import { doctorRatings } from '../../../src/appointments';
import type { Appointment } from '../../../src/appointments/types';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { createS3 } from '../../../src/platform/s3';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';
import { aPastVisit, daysAgoAt } from './visits';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}archread-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });

let patient: User;
let doctor: User;
let completed: Appointment;
let cancelled: Appointment;
let patientAgent: Agent;
let adminAgent: Agent;

beforeAll(async () => {
  await ensureTables(deps.db.client, PREFIX);
  await ensureCityGeneralCardiology(deps);
  [patient, doctor] = await Promise.all([aPatient(deps, { firstName: 'Kavya' }), aDoctor(deps, { lastName: 'Menon' })]);
  completed = await aPastVisit(deps, { start: daysAgoAt(deps, 3, '09:00'), status: 'completed', patientId: patient.id, doctorId: doctor.id });
  cancelled = await aPastVisit(deps, { start: daysAgoAt(deps, 4, '09:00'), status: 'cancelled', patientId: patient.id, doctorId: doctor.id });
  await archiveAppointments({ db: deps.db, storage: createS3(deps.config), config: deps.config });
  [patientAgent, adminAgent] = await Promise.all([signIn(app, patient.email), signIn(app, (await anAdmin(deps)).email)]);
});

describe("a patient's archived visits", () => {
  it('are listed with the past appointments', async () => {
    const page = $((await patientAgent.get('/appointments')).text);

    expect(page('[data-testid=upcoming] [data-testid=appointment]')).toHaveLength(0);
    const rows = page('[data-testid=past] [data-testid=appointment]').map((_i, el) => ({ href: page(el).attr('href'), status: page(el).find('.badge').text() })).get();
    expect(rows).toEqual([
      { href: `/appointments/${completed.id}`, status: 'Completed' },
      { href: `/appointments/${cancelled.id}`, status: 'Cancelled' },
    ]);
  });

  it('open read-only (but for the patient\'s rating), with the consultation, for the patient, their doctor and admins', async () => {
    const doctorAgent = await signIn(app, doctor.email);
    for (const [agent, forms] of [[patientAgent, ['rate']], [doctorAgent, []], [adminAgent, []]] as const) {
      const response = await agent.get(`/appointments/${completed.id}`);
      expect(response.status).toBe(200);
      const page = $(response.text);
      expect(page('[data-testid=archived]').text()).toContain('This visit is archived');
      expect(page('[data-testid=status]').text()).toBe('Completed');
      expect(page('[data-testid=diagnosis]').text()).toBe('Stable angina');
      expect(page('main form').map((_i, el) => page(el).attr('action')!.split('/').pop()).get()).toEqual(forms);
    }
  });

  it("answers someone else's archived visit, and an unknown id, exactly like a missing one", async () => {
    const stranger = await signIn(app, (await aPatient(deps)).email);
    const otherDoctor = await signIn(app, (await aDoctor(deps)).email);

    for (const [agent, id] of [[stranger, completed.id], [otherDoctor, completed.id], [patientAgent, randomUUID()]] as const) {
      const response = await agent.get(`/appointments/${id}`);
      expect(response.status).toBe(404);
      expect(messages(response.text)).toContain('We could not find that appointment.');
      expect(response.text).not.toContain('Stable angina');
    }
  });

  it('cannot be cancelled any more', async () => {
    const path = `/appointments/${completed.id}`;
    expect((await submit(patientAgent, '/appointments', `${path}/cancel`, { reason: 'late' })).status).toBe(404);
  });

  it("can still be rated once, when completed, by its patient, and count in the doctor's rating", async () => {
    const path = `/appointments/${completed.id}`;
    expect($((await patientAgent.get(path)).text)('form[action$="/rate"]')).toHaveLength(1);

    expect((await submit(patientAgent, path, `${path}/rate`, { stars: 9 })).status).toBe(422);
    expect((await submit(patientAgent, path, `${path}/rate`, { stars: 4, comment: 'Thorough' })).status).toBe(303);
    const page = $((await patientAgent.get(path)).text);
    expect(page('[data-testid=rating]').text()).toBe('★★★★☆ “Thorough”');
    expect(page('form[action$="/rate"]')).toHaveLength(0);
    expect((await doctorRatings(deps.db, [doctor.id])).get(doctor.id)).toEqual({ average: 4, count: 1 });

    const again = await submit(patientAgent, path, `${path}/rate`, { stars: 1 });
    expect(again.status).toBe(409);
    expect(messages(again.text)).toContain('You have already rated this visit.');
    const cancelledPath = `/appointments/${cancelled.id}`;
    const notCompleted = await submit(patientAgent, cancelledPath, `${cancelledPath}/rate`, { stars: 5 });
    expect(notCompleted.status).toBe(409);
    expect(messages(notCompleted.text)).toContain('You can rate a visit once it is completed.');
    const stranger = await signIn(app, (await aPatient(deps)).email);
    expect((await submit(stranger, '/appointments', `${path}/rate`, { stars: 5 })).status).toBe(404);
    expect((await doctorRatings(deps.db, [doctor.id])).get(doctor.id)).toEqual({ average: 4, count: 1 });
  });
});

describe('archived visits on the day lists', () => {
  it("stay on their doctor's day, counted, marked archived and without the reason", async () => {
    const doctorAgent = await signIn(app, doctor.email);
    const page = $((await doctorAgent.get(`/doctor?date=${completed.localDate}`)).text);

    const row = page(`[data-testid=visit-${completed.id}]`);
    expect(row.find('[data-testid=archived-visit]').text()).toContain('Archived');
    expect(row.find('a').attr('href')).toBe(`/appointments/${completed.id}`);
    expect(row.text()).not.toContain(completed.reason);
    expect(row.find('form')).toHaveLength(0);
    expect(page('[data-stat=completed]').text()).toBe('1');
  });

  it("stay on the admin's list of the day, marked archived", async () => {
    const page = $((await adminAgent.get(`/admin/appointments?date=${cancelled.localDate}`)).text);

    const rows = page('[data-testid=admin-appointment]');
    expect(rows).toHaveLength(1);
    expect(rows.find('a').attr('href')).toBe(`/appointments/${cancelled.id}`);
    expect(rows.find('[data-testid=archived-visit]').text()).toBe('Archived');
    expect(rows.text()).not.toContain('Reassign');
  });

  it('are not archived again by the next run', async () => {
    const rerun = await archiveAppointments({ db: deps.db, storage: createS3(deps.config), config: deps.config });

    expect(rerun).toMatchObject({ days: 0, copied: 0, removed: 0 });
  });
});

describe('the admin archive browser', () => {
  it('lists the archived days, linked from the admin home page', async () => {
    const home = $((await adminAgent.get('/admin')).text);
    expect(home('a[href="/admin/archive"]').text()).toContain('Archive');

    const page = $((await adminAgent.get('/admin/archive')).text);
    const links = page('[data-testid=archived-day] a').map((_i, el) => page(el).attr('href')).get();
    expect(links).toEqual(expect.arrayContaining([`/admin/archive/${completed.localDate}`, `/admin/archive/${cancelled.localDate}`]));
  });

  it("shows a day's visits with status, doctor and patient", async () => {
    const response = await adminAgent.get(`/admin/archive/${completed.localDate}`);

    expect(response.status).toBe(200);
    const page = $(response.text);
    const row = page(`[data-appointment="${completed.id}"]`);
    expect(row.find('[data-testid=status]').text()).toBe('Completed');
    expect(row.find('[data-label=Doctor]').text()).toBe(`Dr ${doctor.firstName} Menon`);
    expect(row.find('[data-label=Patient]').text()).toBe(`Kavya ${patient.lastName}`);
    expect(row.find('a').attr('href')).toBe(`/appointments/${completed.id}`);
  });

  it('answers 404 for a day without an archive or a date that is not one, and 403 to non-admins', async () => {
    for (const day of ['2001-01-01', '2025-13-45', 'yesterday']) {
      const response = await adminAgent.get(`/admin/archive/${day}`);
      expect(response.status).toBe(404);
      expect(messages(response.text)).toContain('Nothing was archived for that day.');
    }
    expect((await patientAgent.get('/admin/archive')).status).toBe(403);
    expect((await patientAgent.get(`/admin/archive/${completed.localDate}`)).status).toBe(403);
    expect((await request(app).get('/admin/archive')).status).toBe(302);
  });
});
