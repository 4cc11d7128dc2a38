/**
 * The health timeline: visits (with diagnosis and vitals entries), prescriptions and archived visits
 * read back from S3, merged newest first and paged with no gap and no duplicate; filters by kind and
 * by date; who may see it (the patient, a doctor who cares for them; nobody else); each view and
 * each refusal audited; the vitals chart draws every reading. Own tables: it archives its visits.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { archiveAppointments } from '../../../src/archive';
import type { Appointment } from '../../../src/appointments/types';
import { queryEvents } from '../../../src/audit';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { createS3 } from '../../../src/platform/s3';
import type { Prescription } from '../../../src/prescriptions/types';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';
import { daysAgoAt } from '../archive/visits';
import { aPrescription, aVisit } from './builders';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}timeline-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });

/** Days ago of the patient's completed visits with their doctor; those within the archive's look-back are archived. */
const COMPLETED_DAYS = [5, 12, 20, 35, 60, 90, 120, 150, 200, 250, 300];
const ARCHIVED_DAYS = [5, 12, 20];

let patient: User;
let doctor: User;
let visits: Appointment[];
let prescriptions: Prescription[];
let patientAgent: Agent;

const vitalsOf = (i: number) => ({ bpSystolic: 150 - i, bpDiastolic: 95 - i, pulse: 60 + i, temperatureC: 36.5, weightKg: 80 - i / 2, spo2: 97 });

beforeAll(async () => {
  await ensureTables(deps.db.client, PREFIX);
  await ensureCityGeneralCardiology(deps);
  let otherDoctor: User;
  [patient, doctor, otherDoctor] = await Promise.all([aPatient(deps, { firstName: 'Ishaan' }), aDoctor(deps, { lastName: 'Rao' }), aDoctor(deps, { lastName: 'Shah' })]);
  const ofPatient = { patientId: patient.id };
  visits = await Promise.all([
    ...COMPLETED_DAYS.map((days, i) =>
      aVisit(deps, {
        ...ofPatient,
        doctorId: doctor.id,
        start: daysAgoAt(deps, days, '09:00'),
        status: 'completed',
        consultation: { diagnosis: `Hypertension review ${days}`, icd10: { code: 'I10', title: 'Essential (primary) hypertension' }, vitals: vitalsOf(i), prescription: [{ drug: `Amlodipine ${days}`, dose: '5 mg', frequency: 'once a day', duration: '30 days' }] },
      }),
    ),
    aVisit(deps, { ...ofPatient, doctorId: otherDoctor.id, start: daysAgoAt(deps, 45, '11:00'), status: 'completed', consultation: { diagnosis: 'Seasonal allergy', vitals: { pulse: 88 }, prescription: [] } }),
    aVisit(deps, { ...ofPatient, doctorId: doctor.id, start: daysAgoAt(deps, 80, '10:00'), status: 'no-show' }),
    aVisit(deps, { ...ofPatient, doctorId: doctor.id, start: daysAgoAt(deps, 180, '10:00'), status: 'no-show' }),
    aVisit(deps, { ...ofPatient, doctorId: doctor.id, start: daysAgoAt(deps, 100, '10:00'), status: 'cancelled' }),
    // Today, booked: it puts the patient on the doctor's day list.
    aVisit(deps, { ...ofPatient, doctorId: doctor.id, start: DateTime.now().minus({ minutes: 10 }), status: 'booked' }),
  ]);
  const withMedicines = visits.filter((v) => v.doctorId === doctor.id && v.status === 'completed' && ![5, 20].includes(daysOf(v)));
  prescriptions = await Promise.all(withMedicines.map((v) => aPrescription(deps, v, DateTime.fromISO(v.start).plus({ minutes: 40 }).toUTC().toISO()!)));
  await archiveAppointments({ db: deps.db, storage: createS3(deps.config), config: deps.config }, { root: `test-archive/timeline-${randomUUID()}` });
  patientAgent = await signIn(app, patient.email);
});

function daysOf(visit: Appointment): number {
  return Math.round(DateTime.now().setZone(deps.config.timeZone).startOf('day').diff(DateTime.fromISO(visit.start).setZone(deps.config.timeZone).startOf('day'), 'days').days);
}

interface Expected {
  key: string;
  kind: string;
  id: string;
  localDate: string;
}

/** What the timeline must hold, newest first: each visit (not cancelled), its diagnosis and vitals when completed, each prescription. */
function expectedEntries(): Expected[] {
  const localDate = (at: string) => DateTime.fromISO(at).setZone(deps.config.timeZone).toISODate()!;
  const entries: Expected[] = [];
  for (const v of visits.filter((v) => v.status !== 'cancelled')) {
    const of = (kind: string, suffix: string) => ({ key: `${v.start}#${v.id}#${suffix}`, kind, id: `${v.id}#${suffix}`, localDate: localDate(v.start) });
    entries.push(of('visit', '3-visit'));
    if (v.status === 'completed') entries.push(of('diagnosis', '2-diagnosis'), of('vitals', '1-vitals'));
  }
  for (const p of prescriptions) entries.push({ key: `${p.issuedAt}#${p.id}`, kind: 'prescription', id: p.id, localDate: localDate(p.issuedAt) });
  return entries.sort((a, b) => (a.key < b.key ? 1 : -1));
}

/** Every page from `url` on, following "Show older entries": the entries of each page. */
async function allPages(agent: Agent, url: string): Promise<{ kind: string; id: string }[][]> {
  const pages: { kind: string; id: string }[][] = [];
  let next: string | undefined = url;
  while (next && pages.length < 10) {
    const response = await agent.get(next).expect(200);
    const page = $(response.text);
    pages.push(page('[data-testid=timeline-entry]').map((_i, el) => ({ kind: page(el).attr('data-kind')!, id: page(el).attr('data-id')! })).get());
    next = page('[data-testid=timeline-older]').attr('href');
  }
  return pages;
}

describe("the patient's timeline", () => {
  it('merges visits, diagnoses, vitals and prescriptions newest first, in pages of 20 with no gap and no duplicate', async () => {
    const expected = expectedEntries();
    expect(expected).toHaveLength(1 + 11 * 3 + 3 + 2 + 9);

    const pages = await allPages(patientAgent, '/timeline');

    expect(pages.map((p) => p.length)).toEqual([20, 20, expected.length - 40]);
    expect(pages.flat()).toEqual(expected.map(({ kind, id }) => ({ kind, id })));
  });

  it('shows archived visits with their record, read back from S3', async () => {
    const archived = visits.filter((v) => ARCHIVED_DAYS.includes(daysOf(v)) && v.status === 'completed');
    expect(archived).toHaveLength(3);
    const page = $((await patientAgent.get('/timeline').expect(200)).text);
    for (const v of archived) {
      const entry = (suffix: string) => page(`[data-testid=timeline-entry][data-id="${v.id}#${suffix}"]`);
      expect(entry('3-visit').text()).toContain('archived record');
      expect(entry('2-diagnosis').text()).toContain(`Hypertension review ${daysOf(v)}`);
      expect(entry('2-diagnosis').text()).toContain(`Amlodipine ${daysOf(v)}`);
      expect(entry('1-vitals').text()).toContain('Blood pressure');
    }
  });

  it('filters by kind: only the kinds ticked, still paged in order', async () => {
    const onlyPrescriptions = await allPages(patientAgent, '/timeline?kind=prescription');
    expect(onlyPrescriptions.flat()).toEqual(expectedEntries().filter((e) => e.kind === 'prescription').map(({ kind, id }) => ({ kind, id })));

    // Each says where it stands today: past its validity (30 days), it is expired, not "can be dispensed".
    const page = $((await patientAgent.get('/timeline?kind=prescription').expect(200)).text);
    const states = page('[data-kind=prescription] .timeline-summary').map((_i, el) => page(el).text().split(' · ')[1]).get();
    const issuedDaysAgo = expectedEntries().filter((e) => e.kind === 'prescription').slice(0, states.length).map((e) => prescriptions.find((p) => p.id === e.id)!.issuedAt);
    expect(states).toEqual(issuedDaysAgo.map((at) => (DateTime.fromISO(at) < DateTime.now().minus({ days: 30 }) ? 'Expired' : 'Can be dispensed')));
    expect(states).toEqual(expect.arrayContaining(['Expired', 'Can be dispensed']));

    const clinical = await allPages(patientAgent, '/timeline?kind=diagnosis&kind=vitals');
    expect(clinical.map((p) => p.length)).toEqual([20, 4]);
    expect(clinical.flat()).toEqual(expectedEntries().filter((e) => e.kind === 'diagnosis' || e.kind === 'vitals').map(({ kind, id }) => ({ kind, id })));
  });

  it('filters by date: from the start of the first day to the end of the last, in the hospital zone', async () => {
    const from = daysAgoAt(deps, 150).toISODate()!;
    const to = daysAgoAt(deps, 60).toISODate()!;
    const pages = await allPages(patientAgent, `/timeline?from=${from}&to=${to}`);
    const inRange = expectedEntries().filter((e) => e.localDate >= from && e.localDate <= to);
    expect(inRange.length).toBeGreaterThan(10);
    expect(pages.flat()).toEqual(inRange.map(({ kind, id }) => ({ kind, id })));
  });

  it('refuses a filter it cannot use with a message, and shows no entries', async () => {
    const backwards = await patientAgent.get('/timeline?from=2026-05-01&to=2026-04-01');
    expect(backwards.status).toBe(422);
    expect($(backwards.text)('.field-error').text()).toContain('The end date must be on or after the start date');
    expect($(backwards.text)('[data-testid=timeline-entry]')).toHaveLength(0);

    const unknownKind = await patientAgent.get('/timeline?kind=secrets');
    expect(unknownKind.status).toBe(422);
    expect($(unknownKind.text)('.field-error').text()).toContain('Pick what to show from the list');

    const forged = await patientAgent.get('/timeline?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(messages(forged.text)).toContain('That page link is not valid');
  });

  it('draws the vitals over time as an SVG chart with every reading, and the same readings as a table', async () => {
    const page = $((await patientAgent.get('/timeline').expect(200)).text);
    const bp = page('[data-testid=vitals-chart][data-measure=blood-pressure]');
    expect(bp.find('svg title').first().text()).toBe('Blood pressure over time');
    expect(bp.find('svg desc').text()).toContain('Blood pressure at 11 visits');
    const values = bp.find('svg circle').map((_i, el) => Number(page(el).attr('data-value'))).get();
    const readings = COMPLETED_DAYS.map((_d, i) => vitalsOf(i));
    expect(values.sort()).toEqual([...readings.map((r) => r.bpSystolic), ...readings.map((r) => r.bpDiastolic)].sort());
    expect(bp.find('svg circle title').text()).toContain(`Systolic (upper) ${vitalsOf(0).bpSystolic} mmHg`);
    expect(bp.find('table tbody tr')).toHaveLength(11);
    // The pulse chart has the other doctor's reading too.
    expect(page('[data-testid=vitals-chart][data-measure=pulse] svg circle')).toHaveLength(12);
  });
});

describe('who may see it', () => {
  it("is only the patient's own: another patient sees theirs, and cannot name someone else's", async () => {
    const other = await signIn(app, (await aPatient(deps)).email);
    const own = await other.get('/timeline').expect(200);
    expect($(own.text)('[data-testid=timeline-entry]')).toHaveLength(0);
    expect(own.text).not.toContain('Hypertension');
    expect((await other.get(`/patients/${patient.id}/timeline`)).status).toBe(403);
  });

  it('opens for a doctor who cares for the patient, from their day list, with links only to their own visits', async () => {
    const doctorAgent = await signIn(app, doctor.email);
    const day = $((await doctorAgent.get('/doctor').expect(200)).text);
    const link = day('[data-testid=timeline-link]').first().attr('href');
    expect(link).toBe(`/patients/${patient.id}/timeline`);

    const page = $((await doctorAgent.get(link!).expect(200)).text);
    expect(page('h1').text()).toContain('Ishaan');
    expect(page('[data-testid=timeline-entry]')).toHaveLength(20);
    const diagnoses = $((await doctorAgent.get(`${link}?kind=diagnosis`).expect(200)).text);
    const seasonal = visits.find((v) => v.consultation?.diagnosis === 'Seasonal allergy')!;
    const theirs = visits.find((v) => v.consultation?.diagnosis === 'Hypertension review 60')!;
    // Another doctor's visit is on the timeline, but its page is not this doctor's to open.
    expect(diagnoses(`[data-id="${seasonal.id}#2-diagnosis"]`).text()).toContain('Seasonal allergy');
    expect(diagnoses(`[data-id="${seasonal.id}#2-diagnosis"] a`)).toHaveLength(0);
    expect(diagnoses(`[data-id="${theirs.id}#2-diagnosis"] a`).attr('href')).toBe(`/appointments/${theirs.id}`);
  });

  it('answers an unrelated doctor, and an unknown patient, with "not found"; admins are refused', async () => {
    const unrelated = await signIn(app, (await aDoctor(deps)).email);
    for (const id of [patient.id, randomUUID(), 'not-an-id']) {
      const response = await unrelated.get(`/patients/${id}/timeline`);
      expect(response.status).toBe(404);
      expect(response.text).not.toContain('Hypertension');
    }
    const admin = await signIn(app, (await anAdmin(deps)).email);
    expect((await admin.get(`/patients/${patient.id}/timeline`)).status).toBe(403);
    expect((await admin.get('/timeline')).status).toBe(403);
  });

  it('audits each view and each refusal, with no medical details in the event', async () => {
    const unrelatedDoctor = await aDoctor(deps);
    const unrelated = await signIn(app, unrelatedDoctor.email);
    const since = new Date().toISOString();
    await patientAgent.get('/timeline').expect(200);
    await unrelated.get(`/patients/${patient.id}/timeline`).expect(404);

    const { events: all } = await queryEvents(deps.db, { by: 'patient', value: patient.id, from: since }, 20);
    const events = all.filter((e) => e.resourceType === 'timeline');
    expect(events.map((e) => [e.actorUserId, e.action, e.resourceId, e.outcome]).sort()).toEqual(
      [
        [patient.id, 'view', patient.id, 'allowed'],
        [unrelatedDoctor.id, 'view', patient.id, 'denied'],
      ].sort(),
    );
    expect(JSON.stringify(events)).not.toMatch(/Hypertension|Amlodipine|Ishaan/);
  });

  it('fails closed: when the audit write fails, the answer is 503 and none of the timeline is shown', async () => {
    const name = 'fail-timeline-audit-writes';
    deps.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string };
        if (context.commandName === 'PutItemCommand' && input.TableName === deps.db.tables.audit) {
          throw Object.assign(new Error('injected audit outage'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const page = await patientAgent.get('/timeline');
      expect(page.status).toBe(503);
      expect(page.text).not.toMatch(/Hypertension|Amlodipine|vitals-chart/);
    } finally {
      deps.db.client.middlewareStack.remove(name);
    }
  });
});
