import { DateTime } from 'luxon';
import request from 'supertest';
import { doctorRatings, getSchedule, listAppointmentsForDoctorOnDay, slotsOn, type Appointment } from '../../../src/appointments';
import { listWaitlistForPatient } from '../../../src/appointments/waitlist/service';
import { countPlaces } from '../../../src/appointments/repository';
import { listHospitals, listSpecialties } from '../../../src/directory';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { demoLogins, seedDemoData } from '../../../src/seed';
import { allPages, getUserByEmail, listBookableDoctorsBySpecialty, listDoctorsByApproval, listUsersByRole } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { awsConfig } from '../../helpers/aws-config';
import { submit } from '../../helpers/http';
import { outboxItemsFor } from '../../helpers/outbox';
import { headObject } from '../../helpers/vault';
import { listLiveFiles } from '../../../src/records/vault/repository';
import { listAggregates } from '../../../src/analytics/repository';

// A table prefix of its own: the seed must meet an empty database.
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `seed${Date.now().toString(36)}-` });

// A Tuesday at 11:30 in the hospital's zone: every demo plan works that day, part of it is over.
const NOW = DateTime.fromISO('2026-12-08T11:30:00', { zone: deps.config.timeZone }).toJSDate();
const TODAY = '2026-12-08';
const TOMORROW = '2026-12-09';

async function visitsOfDoctor(doctorId: string): Promise<Appointment[]> {
  const start = DateTime.fromISO(TODAY).minus({ days: 95 });
  const days = Array.from({ length: 97 }, (_, i) => start.plus({ days: i }).toISODate()!);
  return (await Promise.all(days.map((day) => listAppointmentsForDoctorOnDay(deps.db, doctorId, day)))).flat();
}

function expectNoOverlaps(visits: Appointment[]): void {
  const sorted = [...visits].sort((a, b) => a.start.localeCompare(b.start));
  sorted.slice(1).forEach((visit, i) => expect(visit.start >= sorted[i].end).toBe(true));
}

beforeAll(() => ensureTables(deps.db.client, deps.config.tablePrefix));

describe('the demo seed', () => {
  it('creates the demo hospital once, and a rerun changes nothing', async () => {
    await expect(seedDemoData(deps, NOW)).resolves.toBe(true);
    await expect(seedDemoData(deps, NOW)).resolves.toBe(false);

    expect(await listHospitals(deps.db)).toHaveLength(2);
    const specialties = await listSpecialties(deps.db);
    expect(specialties.length).toBeGreaterThanOrEqual(5);
    const perSpecialty = await Promise.all(specialties.map((s) => listBookableDoctorsBySpecialty(deps.db, s.slug)));
    const approved = perSpecialty.flatMap((page) => page.items);
    expect(approved.length).toBeGreaterThanOrEqual(12);
    expect(perSpecialty.filter((page) => page.items.length > 0).length).toBeGreaterThanOrEqual(5);
    expect((await listDoctorsByApproval(deps.db, 'pending')).items).toHaveLength(1);
    const patients = await allPages((cursor) => listUsersByRole(deps.db, 'patient', cursor));
    expect(patients.length).toBeGreaterThanOrEqual(40);
    expect(patients.every((p) => p.emailVerified)).toBe(true);
  });

  it('shows a hospital at work: the demo doctor is busy today and tomorrow, three months of history, ratings that add up', async () => {
    const doctor = (await getUserByEmail(deps.db, demoLogins(deps.config)[1].email))!;
    const visits = await visitsOfDoctor(doctor.id);
    const on = (day: string) => visits.filter((v) => v.localDate === day);
    const statuses = (day: string) => new Set(on(day).map((v) => v.status));

    expect(on(TODAY).length).toBeGreaterThanOrEqual(8);
    expect([...statuses(TODAY)]).toEqual(expect.arrayContaining(['completed', 'booked']));
    expect(statuses(TODAY).has('in-progress') || statuses(TODAY).has('checked-in')).toBe(true);
    expect(on(TOMORROW).length).toBeGreaterThanOrEqual(8);
    expect([...statuses(TOMORROW)]).toEqual(['booked']);
    const past = visits.filter((v) => v.localDate < TODAY);
    expect(past.length).toBeGreaterThanOrEqual(60);
    expect(past.filter((v) => v.status === 'completed').every((v) => v.consultation?.diagnosis && v.timeline?.completedAt)).toBe(true);
    expect(past.some((v) => v.status === 'cancelled' && v.cancellation?.reason)).toBe(true);

    const rated = visits.filter((v) => v.rating);
    const summary = (await doctorRatings(deps.db, [doctor.id])).get(doctor.id)!;
    expect(summary.count).toBe(rated.length);
    expect(summary.average).toBeCloseTo(rated.reduce((sum, v) => sum + v.rating!.stars, 0) / rated.length);
    expectNoOverlaps(visits.filter((v) => v.status !== 'cancelled'));
  });

  it('gives the first demo patient a story: history, a missed and a cancelled visit, the next visit booked, an inbox', async () => {
    const patient = (await getUserByEmail(deps.db, demoLogins(deps.config)[2].email))!;
    const doctor = (await getUserByEmail(deps.db, demoLogins(deps.config)[1].email))!;
    const own = (await visitsOfDoctor(doctor.id)).filter((v) => v.patientId === patient.id);
    expect(own.map((v) => v.status).sort()).toEqual(['booked', 'completed']);
    const next = own.find((v) => v.status === 'booked')!;
    expect(next.localDate).toBe(TOMORROW);
    expect(next.nextReminderAt).toBeDefined();
    expect(await countPlaces(deps.db, patient.id)).toBe(1);

    const told = await Promise.all(['appointment.cancelled', 'appointment.no-show', 'appointment.booked'].map((event) => outboxItemsFor(deps.db, patient.id, event)));
    expect(told.map((items) => items.length)).toEqual([1, 1, 1]);
    expect(told.flat().every((item) => item.inbox && !item.email && !item.sms)).toBe(true);

    const [entry, ...more] = await listWaitlistForPatient(deps.db, patient.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ status: 'open', specialty: 'dermatology' });
    const { plan } = await getSchedule(deps.db, entry.doctorId!);
    const slots = slotsOn(plan!, [], entry.from, deps.config.timeZone);
    const booked = await listAppointmentsForDoctorOnDay(deps.db, entry.doctorId!, entry.from);
    expect(slots.length).toBeGreaterThan(0);
    expect(booked.map((v) => v.start).sort()).toEqual(slots.map((s) => s.start));
  });

  it("fills the first demo patient's medical vault: a lab report read for flags and a discharge summary, weeks before now", async () => {
    const asha = (await getUserByEmail(deps.db, demoLogins(deps.config)[2].email))!;
    const { files } = await listLiveFiles(deps.db, asha.id);
    expect(files.map((f) => [f.kind, f.contentType, f.uploadedBy.userId]).sort()).toEqual([
      ['discharge-summary', 'application/pdf', asha.id],
      ['lab-report', 'application/pdf', asha.id],
    ]);
    for (const file of files) {
      expect(file.date < TODAY && file.date > DateTime.fromISO(TODAY).minus({ weeks: 8 }).toISODate()!).toBe(true);
      expect((await headObject(deps, `vault/${asha.id}/${file.id}`)).ContentLength).toBe(file.size);
    }
    const reading = files.find((f) => f.kind === 'lab-report')!.reading;
    expect(reading?.kind).toBe('read');
    const flags = reading?.kind === 'read' ? reading.results.map((r) => (r.status === 'flagged' ? `${r.analyte}:${r.flag}` : r.analyte)) : [];
    expect(flags).toEqual(expect.arrayContaining(['haemoglobin:low', 'fastingGlucose:high', 'vitaminD:low', 'tsh:normal']));
  });

  it('refuses to seed in aws mode, whatever config reaches it', async () => {
    await expect(seedDemoData({ ...deps, config: awsConfig({ MEDTRACK_TABLE_PREFIX: deps.config.tablePrefix }) })).rejects.toThrow(
      'The demo hospital is seeded in local mode only',
    );
  });

  it('prints logins that really work', async () => {
    await seedDemoData(deps, NOW);
    for (const login of demoLogins(deps.config)) {
      expect(await getUserByEmail(deps.db, login.email)).toBeDefined();
      const response = await submit(request.agent(app), '/login', '/login', { identifier: login.email, password: login.password });
      expect({ email: login.email, status: response.status }).toEqual({ email: login.email, status: 303 });
    }
  });

  it('leaves the admin analytics to look at: every past day computed, "any doctor" visits spread at most 1', async () => {
    const from = DateTime.fromISO(TODAY).minus({ days: 90 }).toISODate()!;
    const days = await listAggregates(deps.db, 'day', from, TODAY);
    expect(days).toHaveLength(91);
    expect(days.filter((day) => day.flow.visits > 0).length).toBeGreaterThan(60);
    const specialties = days.flatMap((day) => Object.values(day.specialties));
    expect(specialties.some((s) => s.anyVisits > 0)).toBe(true);
    expect(Math.max(...specialties.map((s) => s.spreadMax))).toBeLessThanOrEqual(1);
    expect(days.some((day) => day.flow.noShow > 0 && day.flow.cancelled > 0)).toBe(true);
    expect(days.at(-1)!.waitlist).toEqual({ days: 1, sum: 1, max: 1 });
  });
});
