/**
 * Archived visits stay visible: the patient's list and the appointment page read them back from
 * S3 (read-only, same authorisation as a live visit), and admins browse the archived days.
 * Archives into the default `archive/` folder, on days no other archive test uses.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { archiveAppointments } from '../../../src/archive';
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

    const rows = page('[data-testid=appointment]').map((_i, el) => ({ href: page(el).attr('href'), status: page(el).find('.badge').text() })).get();
    expect(rows).toEqual([
      { href: `/appointments/${completed.id}`, status: 'completed' },
      { href: `/appointments/${cancelled.id}`, status: 'cancelled' },
    ]);
  });

  it('open read-only, with the consultation, for the patient, their doctor and admins', async () => {
    const doctorAgent = await signIn(app, doctor.email);
    for (const agent of [patientAgent, doctorAgent, adminAgent]) {
      const response = await agent.get(`/appointments/${completed.id}`);
      expect(response.status).toBe(200);
      const page = $(response.text);
      expect(page('[data-testid=archived]').text()).toContain('This visit is archived');
      expect(page('[data-testid=status]').text()).toBe('completed');
      expect(page('[data-testid=diagnosis]').text()).toBe('Stable angina');
      expect(page('main form')).toHaveLength(0);
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

  it('cannot be cancelled or rated any more', async () => {
    const path = `/appointments/${completed.id}`;
    expect((await submit(patientAgent, '/appointments', `${path}/cancel`, { reason: 'late' })).status).toBe(404);
    expect((await submit(patientAgent, '/appointments', `${path}/rate`, { stars: 5 })).status).toBe(404);
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
    expect(row.find('[data-testid=status]').text()).toBe('completed');
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
