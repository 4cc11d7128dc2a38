/**
 * Provider analytics end to end: visits written on a few past days, the analytics job run, and the
 * pages' numbers, CSV downloads and range rules read back as an admin sees them; a page reads at
 * most 60 aggregate items whatever the range.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { refreshAnalytics } from '../../../src/analytics';
import { CATCH_UP_DAYS } from '../../../src/analytics/job';
import { findJob, startRun } from '../../../src/jobs';
import { cancelAppointment, insertAppointment, updateAppointmentStatus } from '../../../src/appointments/repository';
import type { Appointment, AppointmentStatus, Assignment } from '../../../src/appointments/types';
import { insertEntry } from '../../../src/appointments/waitlist/repository';
import { createSpecialty } from '../../../src/directory';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { uniqueSpecialty } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { $, signIn, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}analytics-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });
const zone = deps.config.timeZone;
const today = DateTime.now().setZone(zone).startOf('day');
const dayAgo = (n: number) => today.minus({ days: n }).toISODate()!;

const specialty = uniqueSpecialty('heart');
let admin: Agent;
let [ada, ben]: User[] = [];

const any = (skipped: Assignment['skipped'] = []): Assignment => ({ mode: 'any', counter: 1, startIndex: 0, candidates: 2, dayLoad: 0, skipped });

/** A visit `daysAgo` days back at `hhmm` local, booked `leadHours` before, moved on to `status`. */
async function aVisit(doctor: User, daysAgo: number, hhmm: string, status: AppointmentStatus, options: { minutes?: number; leadHours?: number; assignment?: Assignment } = {}) {
  const start = DateTime.fromISO(`${dayAgo(daysAgo)}T${hhmm}`, { zone });
  const booked: Appointment = {
    id: randomUUID(),
    patientId: randomUUID(),
    doctorId: doctor.id,
    specialty,
    hospitalId: 'city-general',
    start: start.toUTC().toISO()!,
    end: start.plus({ minutes: options.minutes ?? 20 }).toUTC().toISO()!,
    localDate: start.toISODate()!,
    status: 'booked',
    reason: 'Palpitations',
    assignment: options.assignment ?? { mode: 'named' },
    version: 1,
    createdAt: start.minus({ hours: options.leadHours ?? 24 }).toUTC().toISO()!,
  };
  expect(await insertAppointment(deps.db, booked, randomUUID(), randomUUID())).toBe('booked');
  if (status === 'cancelled') return cancelAppointment(deps.db, booked, { by: 'patient', userId: booked.patientId, at: start.toUTC().toISO()! });
  if (status === 'booked') return booked;
  return updateAppointmentStatus(deps.db, booked, status, {});
}

const cells = (html: string, table: string) =>
  $(html)(`[data-testid=table-${table}] tbody tr`)
    .toArray()
    .map((row) => $(html)(row).find('td').toArray().map((td) => $(html)(td).text().trim()));

beforeAll(async () => {
  await ensureTables(deps.db.client, PREFIX);
  await ensureCityGeneralCardiology(deps);
  // A name that starts like a formula: the CSV must defuse it.
  await createSpecialty(deps.db, { slug: specialty, name: '=Heart care', description: 'Hearts' });
  const doctor = { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 5, consultationFee: 500, approval: 'approved' as const };
  [ada, ben] = await Promise.all([aDoctor(deps, { firstName: 'Ada', lastName: 'Stone', doctor }), aDoctor(deps, { firstName: 'Ben', lastName: 'Okafor', doctor })]);
  // Three days ago: Ada 3 "any" visits (one when Ben was booked), Ben 1 "any" and 1 named; a no-show; a cancelled.
  await aVisit(ada, 3, '09:00', 'completed', { assignment: any(), leadHours: 2 });
  await aVisit(ada, 3, '09:20', 'completed', { assignment: any(), leadHours: 2, minutes: 40 });
  await aVisit(ada, 3, '10:00', 'no-show', { assignment: any([{ doctorId: ben.id, reason: 'slot taken' }]), leadHours: 30 });
  await aVisit(ben, 3, '09:00', 'completed', { assignment: any([{ doctorId: ada.id, reason: 'not working' }]), leadHours: 100 });
  await aVisit(ben, 3, '10:00', 'checked-in', { leadHours: 2 });
  await aVisit(ben, 3, '11:00', 'cancelled', { assignment: any() });
  // Two days ago: one visit each, both chosen by the patient.
  await aVisit(ada, 2, '09:00', 'completed', { leadHours: 5 });
  await aVisit(ben, 2, '09:00', 'completed', { leadHours: 5 });
  const patient = await aPatient(deps);
  await insertEntry(deps.db, { id: randomUUID(), patientId: patient.id, specialty, from: dayAgo(-1), to: dayAgo(-2), reason: 'Any time', status: 'open', createdAt: new Date().toISOString() });
  await refreshAnalytics(deps);
  admin = await signIn(app, (await anAdmin(deps)).email);
}, 60_000);

const range = `from=${dayAgo(6)}&to=${dayAgo(0)}`;

describe('the analytics job', () => {
  it('stores one item per day back to the catch-up limit and one per week, and a rerun changes nothing but the recent days', async () => {
    const days = await deps.db.doc.send(new QueryCommand({ TableName: deps.db.tables.analytics, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'DAY' }, Select: 'COUNT' }));
    expect(days.Count).toBe(CATCH_UP_DAYS + 1);
    const second = await refreshAnalytics(deps);
    expect(second.days).toBe(2);
    expect(second.waitlistOpen).toBe(1);
  });

  it('runs as the scheduled "analytics" job under its lease: a second run at once is refused', async () => {
    const job = findJob('analytics')!;
    const first = await startRun(deps, job, () => job.run(deps), 'manual');
    expect(first).toBeDefined();
    expect(await startRun(deps, job, () => job.run(deps), 'manual')).toBeUndefined();
    const run = await first!.finished;
    expect(run).toMatchObject({ outcome: 'ok', summary: { days: 2, weeks: expect.any(Number), waitlistOpen: 1 } });
  });

  it('catches up a day with no item, and recomputes yesterday, but leaves computed older days alone', async () => {
    await aVisit(ada, 5, '09:00', 'completed');
    await aVisit(ada, 1, '09:00', 'completed');
    await refreshAnalytics(deps);
    const flow = async () => cells((await admin.get(`/admin/analytics/flow?${range}`).expect(200)).text, 'flow');
    const row = async (daysAgo: number) => (await flow()).find((r) => r[0] === dayAgo(daysAgo))!;
    expect((await row(1))[1]).toBe('1');
    expect((await row(5))[1]).toBe('0');
    await deps.db.doc.send(new DeleteCommand({ TableName: deps.db.tables.analytics, Key: { pk: 'DAY', sk: dayAgo(5) } }));
    await refreshAnalytics(deps);
    expect((await row(5))[1]).toBe('1');
  });
});

describe('the pages', () => {
  it('shows the daily patient flow, rates, lead times and the waitlist snapshot', async () => {
    const html = (await admin.get(`/admin/analytics/flow?${range}`).expect(200)).text;
    const day = cells(html, 'flow').find((r) => r[0] === dayAgo(3))!;
    // Booked 5, checked in 4 (three completed, one checked in), completed 3, no-show 1, cancelled 1; 20 %, 16.7 %;
    // lead times 2, 2, 2, 30 and 100 hours: a median of 2, a 90th percentile of 100 h read to the day (96).
    expect(day).toEqual([dayAgo(3), '5', '4', '3', '1', '1', '20', '16.7', '—', '2', '96']);
    expect(cells(html, 'flow').find((r) => r[0] === dayAgo(0))![8]).toBe('1');
    expect($(html)('canvas[data-analytics-chart]').attr('data-analytics-chart')).toContain('"label":"No-show"');
    expect($(html)('[data-testid=computed-at]').text()).toMatch(/^Numbers as of /);
  });

  it('shows workload per doctor: visits and booked hours', async () => {
    const html = (await admin.get(`/admin/analytics/workload?${range}`).expect(200)).text;
    const rows = cells(html, 'doctors');
    // Ada: 20 + 40 + 20 (no-show) three days ago, 20 two days ago, 20 on each of the later days.
    expect(rows.find((r) => r[0] === 'Dr Ada Stone')!.slice(0, 4)).toEqual(['Dr Ada Stone', '=Heart care', '6', '2.3']);
    expect(rows.find((r) => r[0] === 'Dr Ben Okafor')!.slice(0, 4)).toEqual(['Dr Ben Okafor', '=Heart care', '3', '1']);
  });

  it('shows the spread per specialty and why each doctor was picked', async () => {
    const html = (await admin.get(`/admin/analytics/fairness?${range}`).expect(200)).text;
    // Three days ago Ada 3, Ben 1 "any" visits: a spread of 2 on the one day with "any" visits.
    expect(cells(html, 'specialties')).toContainEqual(['=Heart care', '9', '4', '1', '2', '2']);
    const reasons = cells(html, 'reasons');
    expect(reasons.find((r) => r[0] === 'Dr Ada Stone')).toEqual(['Dr Ada Stone', '=Heart care', '6', '3', '2', '0', '1', '0', '0']);
    expect(reasons.find((r) => r[0] === 'Dr Ben Okafor')).toEqual(['Dr Ben Okafor', '=Heart care', '3', '2', '0', '1', '0', '0', '0']);
  });

  it('downloads each table as CSV, with formula-like cells defused', async () => {
    const csv = await admin.get(`/admin/analytics/workload?${range}&format=csv&table=weeks`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain(`medtrack-workload-weeks-${dayAgo(6)}-to-${dayAgo(0)}.csv`);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('Week of,Doctor,Specialty,Visits,Booked minutes');
    expect(lines.filter((line) => line.includes('Dr Ada Stone')).every((line) => line.includes(",'=Heart care,"))).toBe(true);
    const flow = (await admin.get(`/admin/analytics/flow?${range}&format=csv`).expect(200)).text.split('\r\n');
    expect(flow).toContain(`${dayAgo(3)},5,4,3,1,1,20,16.7,,2,96`);
  });

  it('shows the overview with each page\'s figures and links keeping the range', async () => {
    const page = $((await admin.get(`/admin/analytics?${range}`).expect(200)).text);
    expect(page('[data-testid=summary-flow]').attr('href')).toBe(`/admin/analytics/flow?${range}`);
    expect(page('[data-testid=summary-workload]').text()).toContain('Doctors with visits');
  });

  it('refuses bad ranges with a message and no numbers', async () => {
    const cases: [string, string][] = [
      ['from=2026-02-30', 'Enter a date like 2026-03-31'],
      [`from=${dayAgo(2)}&to=${dayAgo(3)}`, 'The end date must be on or after the start date'],
      [`to=${dayAgo(-1)}`, 'The end date cannot be after today'],
      [`from=${dayAgo(400)}&to=${dayAgo(0)}`, 'Choose at most 366 days (a year); this range has 401'],
    ];
    for (const [query, message] of cases) {
      for (const path of ['/admin/analytics', '/admin/analytics/flow', '/admin/analytics/workload?format=csv&']) {
        const response = await admin.get(`${path}${path.endsWith('&') ? '' : '?'}${query}`).expect(422);
        expect($(response.text)('.field-error').text()).toBe(message);
        expect($(response.text)('[data-testid^=table-]')).toHaveLength(0);
      }
    }
    await admin.get(`/admin/analytics/flow?${range}&format=csv&table=nope`).expect(422);
  });

  it('is for admins only', async () => {
    const doctor = await signIn(app, ada.email);
    await doctor.get('/admin/analytics/workload').expect(403);
  });
});

describe('what a page reads', () => {
  async function itemsRead(path: string): Promise<number> {
    const send = jest.spyOn(deps.db.doc, 'send');
    try {
      await admin.get(path).expect(200);
      const reads = send.mock.calls.map(([command], i) => ({ command, result: send.mock.results[i].value }))
        .filter(({ command }) => command instanceof QueryCommand && command.input.TableName === deps.db.tables.analytics);
      const pages = await Promise.all(reads.map(({ result }) => result as Promise<{ Items?: unknown[] }>));
      return pages.reduce((sum, page) => sum + (page.Items?.length ?? 0), 0);
    } finally {
      send.mockRestore();
    }
  }

  it('reads at most 60 aggregate items, for 60 days and for a whole year', async () => {
    expect(await itemsRead(`/admin/analytics/flow?from=${dayAgo(59)}&to=${dayAgo(0)}`)).toBe(60);
    const year = await itemsRead(`/admin/analytics/workload?from=${dayAgo(365)}&to=${dayAgo(0)}`);
    expect(year).toBeGreaterThanOrEqual(53);
    expect(year).toBeLessThanOrEqual(60);
    expect(await itemsRead(`/admin/analytics?from=${dayAgo(365)}&to=${dayAgo(0)}`)).toBeLessThanOrEqual(60);
  });
});
