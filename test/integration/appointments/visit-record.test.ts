/**
 * The visit record (issue 13): vitals within plausible ranges, a diagnosis with an optional ICD-10
 * code from the shipped list (and the picker's search), medicines with their strength, follow-up
 * advice with a button that books the same doctor, and addenda: corrections that make a new version
 * while every old one stays readable, by the visit's doctor only, never lost to a race.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { queryEvents } from '../../../src/audit';
import { savePlan } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { getAppointment } from '../../../src/appointments/repository';
import { addAddendum } from '../../../src/appointments/visit-record/addenda';
import { createSpecialty } from '../../../src/directory';
import { ConflictError } from '../../../src/platform/http/errors';
import { buildTestApp } from '../../helpers/app';
import { everyDayPlan, uniqueSpecialty } from '../../helpers/appointments';
import { $, messages, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

// The visits here are days ahead and the doctor runs them now: check-in opens two weeks early for this file.
const { app, deps } = buildTestApp({ MEDTRACK_CHECK_IN_OPENS_MINUTES: String(14 * 24 * 60) });
const zone = deps.config.timeZone;

async function aDoctorInSpecialty() {
  const specialty = uniqueSpecialty('rec');
  await createSpecialty(deps.db, { slug: specialty, name: `Rec ${specialty}`, description: 'For the visit record tests' });
  const doctor = await aDoctor(deps, { doctor: { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 9, consultationFee: 600, approval: 'approved' } });
  await savePlan(deps.db, doctor.id, everyDayPlan([{ start: '09:00', end: '12:00' }]), 0);
  return doctor;
}

/** A visit in progress, its path, and the doctor's and the patient's agents. */
async function aVisitInProgress() {
  const doctor = await aDoctorInSpecialty();
  const patient = await aPatient(deps);
  const start = DateTime.now().setZone(zone).plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO()!;
  const booked = await bookAppointment(deps, { patient, doctorId: doctor.id, start, reason: 'Persistent cough', idempotencyKey: randomUUID() });
  if (booked.kind !== 'booked') throw new Error(`could not book: ${booked.kind}`);
  await advanceVisit(deps, doctor, booked.appointment.id, 'start');
  const id = booked.appointment.id;
  return { id, path: `/appointments/${id}`, doctorUser: doctor, patientUser: patient, doctor: await signIn(app, doctor.email), patient: await signIn(app, patient.email) };
}

const VITALS = { bpSystolic: '128', bpDiastolic: '84', pulse: '76', temperatureC: '37.8', weightKg: '71.5', heightCm: '172', spo2: '97' };
const RECORD = { diagnosis: 'Acute bronchitis', icd10: 'J20.9 Acute bronchitis, unspecified', notes: 'Wheeze on the left', followUpAdvice: 'Come back in one week if the cough persists', ...VITALS };
const MEDICINE = { drug_1: 'Amoxicillin', strength_1: '500 mg', dose_1: '1 capsule', frequency_1: 'Three times a day', duration_1: '5 days' };

/** A visit completed through the form with RECORD and one medicine. */
async function aCompletedVisit() {
  const visit = await aVisitInProgress();
  const done = await submit(visit.doctor, visit.path, `${visit.path}/complete`, { ...RECORD, ...MEDICINE });
  expect(done.status).toBe(303);
  return visit;
}

const status = async (agent: Awaited<ReturnType<typeof signIn>>, path: string) => $((await agent.get(path)).text)('[data-testid=status]').text();

describe('completing a visit: the record', () => {
  it('stores the vitals, the ICD-10 code with its title, the strength and the advice, in the agreed shape, and shows them', async () => {
    const { id, path, doctor, patient } = await aCompletedVisit();

    const stored = (await getAppointment(deps.db, id))!;
    expect(stored.status).toBe('completed');
    expect(stored.consultation).toEqual({
      diagnosis: 'Acute bronchitis',
      icd10: { code: 'J20.9', title: 'Acute bronchitis, unspecified' },
      notes: 'Wheeze on the left',
      followUpAdvice: 'Come back in one week if the cough persists',
      vitals: { bpSystolic: 128, bpDiastolic: 84, pulse: 76, temperatureC: 37.8, weightKg: 71.5, heightCm: 172, spo2: 97 },
      prescription: [{ drug: 'Amoxicillin', strength: '500 mg', dose: '1 capsule', frequency: 'Three times a day', duration: '5 days' }],
    });
    const page = $((await patient.get(path).expect(200)).text);
    expect(page('[data-testid=icd10]').text()).toBe('J20.9 — Acute bronchitis, unspecified');
    expect(page('[data-testid=vitals] li').map((_i, el) => page(el).text().replace(/\s+/g, ' ').trim()).get()).toEqual([
      'Blood pressure 128/84 mmHg', 'Pulse 76 bpm', 'Temperature 37.8 °C', 'SpO2 97%', 'Weight 71.5 kg', 'Height 172 cm',
    ]);
    expect(page('[data-testid=prescription] td[data-label=Strength]').text()).toBe('500 mg');
    expect(page('[data-testid=earlier-versions]')).toHaveLength(0);
    // The doctor's completed visit offers the correction form, starting from the current record.
    const own = $((await doctor.get(path)).text);
    expect(own('form[action$="/addenda"] [name=diagnosis]').val()).toBe('Acute bronchitis');
    expect(own('form[action$="/addenda"] [name=basedOn]').val()).toBe('1');
  });

  it('takes a code typed alone, and leaves out every vital not measured', async () => {
    const { id, path, doctor } = await aVisitInProgress();
    await submit(doctor, path, `${path}/complete`, { diagnosis: 'Hypertension', icd10: 'i10', pulse: '64' }).then((r) => expect(r.status).toBe(303));
    const { consultation } = (await getAppointment(deps.db, id))!;
    expect(consultation?.icd10).toEqual({ code: 'I10', title: 'Essential (primary) hypertension' });
    expect(consultation?.vitals).toEqual({ pulse: 64 });
  });

  it.each([
    ['bpSystolic', { bpSystolic: '300', bpDiastolic: '80' }, 'Systolic pressure must be between 50 and 260 mmHg'],
    ['bpSystolic', { bpSystolic: '70', bpDiastolic: '90' }, 'Systolic pressure must be higher than the diastolic'],
    ['bpDiastolic', { bpSystolic: '120', bpDiastolic: '10' }, 'Diastolic pressure must be between 30 and 160 mmHg'],
    ['bpDiastolic', { bpSystolic: '120' }, 'Give both numbers of the blood pressure, or neither'],
    ['pulse', { pulse: '300' }, 'Pulse must be between 20 and 250 beats a minute'],
    ['pulse', { pulse: 'fast' }, 'Give the pulse as a whole number, in beats a minute'],
    ['temperatureC', { temperatureC: '98.6' }, 'Temperature must be between 30 and 45 °C'],
    ['weightKg', { weightKg: '0.2' }, 'Weight must be between 0.5 and 400 kg'],
    ['heightCm', { heightCm: '300' }, 'Height must be between 30 and 250 cm'],
    ['spo2', { spo2: '101' }, 'Oxygen saturation (SpO2) must be between 50 and 100%'],
  ])('refuses %s out of range (%j) with 422 and its message, and stores nothing', async (field, vitals, message) => {
    const { id, path, doctor } = await aVisitInProgress();
    const response = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Acute bronchitis', ...vitals, ...MEDICINE });

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page(`#f-${field}-error`).text()).toBe(message);
    expect(page(`#f-${field}`).attr('aria-invalid')).toBe('true');
    // What was typed is kept.
    expect(page('[name=drug_1]').val()).toBe('Amoxicillin');
    expect((await getAppointment(deps.db, id))?.consultation).toBeUndefined();
    expect(await status(doctor, path)).toBe('With the doctor');
  });

  it('refuses an ICD-10 code that is not in the list with 422, and stores nothing', async () => {
    const { id, path, doctor } = await aVisitInProgress();
    const response = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Something rare', icd10: 'Q99.9' });
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain('Q99.9 is not a code in our ICD-10 list');
    expect((await getAppointment(deps.db, id))?.status).toBe('in-progress');
  });

  it('audits the completion as the creation of the visit record, with no value of it', async () => {
    const { id, patientUser } = await aCompletedVisit();
    const events = (await queryEvents(deps.db, { by: 'patient', value: patientUser.id }, 20)).events.filter((e) => e.resourceId === id && e.action === 'create');
    expect(events).toEqual([expect.objectContaining({ resourceType: 'visit', outcome: 'allowed', actorRole: 'doctor' })]);
    expect(JSON.stringify(events)).not.toContain('bronchitis');
  });
});

describe('the ICD-10 picker', () => {
  it('offers the whole list without JavaScript, as the field’s suggestions', async () => {
    const { path, doctor } = await aVisitInProgress();
    const page = $((await doctor.get(path)).text);
    expect(page('#f-icd10').attr('list')).toBe('icd10-list');
    expect(page('#icd10-list option').length).toBeGreaterThan(200);
    expect(page('#icd10-list option[value="I10 Essential (primary) hypertension"]')).toHaveLength(1);
  });

  it('searches codes by prefix, then titles by the start of their words, a page at a time', async () => {
    const doctor = await signIn(app, (await aDoctorInSpecialty()).email);
    const byCode = await doctor.get('/doctor/icd10.json?q=j06').expect(200);
    expect(byCode.body.results[0]).toEqual({ code: 'J06.9', title: 'Acute upper respiratory infection, unspecified' });

    const byWords = await doctor.get('/doctor/icd10.json?q=mixed%20hyper').expect(200);
    expect(byWords.body.results.map((r: { code: string }) => r.code)).toEqual(['E78.2']);

    const first = (await doctor.get('/doctor/icd10.json?q=diabetes&limit=3').expect(200)).body;
    const second = (await doctor.get('/doctor/icd10.json?q=diabetes&limit=3&offset=3').expect(200)).body;
    expect(first.results).toHaveLength(3);
    expect(first.total).toBeGreaterThan(6);
    expect(second.results.map((r: { code: string }) => r.code)).not.toContain(first.results[0].code);
    // A limit past the cap is the default page, never the whole list.
    expect((await doctor.get('/doctor/icd10.json?q=a&limit=5000').expect(200)).body.results).toHaveLength(20);
    expect((await doctor.get('/doctor/icd10.json').expect(200)).body).toEqual({ results: [], total: 0, offset: 0 });
  });

  it('is for doctors only', async () => {
    const patient = await signIn(app, (await aPatient(deps)).email);
    expect((await patient.get('/doctor/icd10.json?q=j06')).status).toBe(403);
    const anonymous = await (await import('supertest')).default(app).get('/doctor/icd10.json?q=j06');
    expect(anonymous.status).toBe(302);
  });
});

describe('follow-up', () => {
  it('gives the patient a button that books the same doctor', async () => {
    const { path, patient, doctor, doctorUser } = await aCompletedVisit();
    const page = $((await patient.get(path)).text);
    const button = page('[data-testid=book-follow-up]');
    expect(button.text()).toBe(`Book your follow-up with Dr ${doctorUser.firstName} ${doctorUser.lastName}`);
    expect(button.attr('href')).toBe(`/appointments/new?doctorId=${doctorUser.id}`);
    const booking = $((await patient.get(button.attr('href')!).expect(200)).text);
    expect(booking(`select[name=doctorId] option[value="${doctorUser.id}"]`).attr('selected')).toBeDefined();
    expect($((await doctor.get(path)).text)('[data-testid=book-follow-up]')).toHaveLength(0);
  });
});

describe('addenda: corrections after completion', () => {
  const correction = { ...RECORD, diagnosis: 'Community-acquired pneumonia', icd10: 'J18.9', reason: 'Chest X-ray came back' };

  it('makes version 2; version 1 stays readable; the medicines are untouched; audited as a change', async () => {
    const { id, path, doctor, patient, patientUser, doctorUser } = await aCompletedVisit();
    const response = await submit(doctor, path, `${path}/addenda`, { ...correction, basedOn: '1' });
    expect(response.status).toBe(303);

    const stored = (await getAppointment(deps.db, id))!.consultation!;
    expect(stored.diagnosis).toBe('Community-acquired pneumonia');
    expect(stored.icd10).toEqual({ code: 'J18.9', title: 'Pneumonia, unspecified' });
    expect(stored.prescription).toEqual([expect.objectContaining({ drug: 'Amoxicillin', strength: '500 mg' })]);
    expect(stored.addenda).toEqual([expect.objectContaining({ version: 2, by: doctorUser.id, reason: 'Chest X-ray came back', replaced: expect.objectContaining({ diagnosis: 'Acute bronchitis', icd10: { code: 'J20.9', title: 'Acute bronchitis, unspecified' } }) })]);

    const page = $((await patient.get(path)).text);
    expect(page('[data-testid=diagnosis]').text()).toBe('Community-acquired pneumonia');
    expect(page('[data-testid=record-version]').text()).toMatch(new RegExp(`^Version 2 of 2, corrected on .+ by Dr ${doctorUser.firstName} ${doctorUser.lastName}: Chest X-ray came back$`));
    expect(page('[data-testid=version-1]').text()).toContain('Acute bronchitis');
    expect(page('[data-testid=version-1]').text()).toContain('As recorded when the visit was completed');

    const events = (await queryEvents(deps.db, { by: 'patient', value: patientUser.id }, 20)).events.filter((e) => e.resourceId === id && e.action === 'update');
    expect(events).toEqual([expect.objectContaining({ resourceType: 'visit', outcome: 'allowed' })]);
  });

  it('requires a reason: 422, what was typed kept, nothing stored', async () => {
    const { id, path, doctor } = await aCompletedVisit();
    const response = await submit(doctor, path, `${path}/addenda`, { ...correction, reason: '', basedOn: '1' });
    expect(response.status).toBe(422);
    expect($(response.text)('#f-reason-error').text()).toBe('Say why the record is corrected (at least 5 characters)');
    expect($(response.text)('form[action$="/addenda"] [name=diagnosis]').val()).toBe('Community-acquired pneumonia');
    expect((await getAppointment(deps.db, id))!.consultation!.addenda).toBeUndefined();
  });

  it('is refused to anyone but the visit’s doctor, and to a visit not completed', async () => {
    const { id, path, patient } = await aCompletedVisit();
    const stranger = await signIn(app, (await aDoctorInSpecialty()).email);
    expect((await submit(stranger, '/doctor', `${path}/addenda`, { ...correction, basedOn: '1' })).status).toBe(404);
    expect((await submit(patient, path, `${path}/addenda`, { ...correction, basedOn: '1' })).status).toBe(403);
    expect((await getAppointment(deps.db, id))!.consultation!.addenda).toBeUndefined();

    const open = await aVisitInProgress();
    const response = await submit(open.doctor, open.path, `${open.path}/addenda`, { ...correction, basedOn: '1' });
    expect(response.status).toBe(409);
    expect(messages(response.text)).toContain('Only the record of a completed visit can be corrected.');
  });

  it('refuses a correction made on an older version (409), keeping what was typed', async () => {
    const { id, path, doctor } = await aCompletedVisit();
    await submit(doctor, path, `${path}/addenda`, { ...correction, basedOn: '1' }).then((r) => expect(r.status).toBe(303));
    const stale = await submit(doctor, path, `${path}/addenda`, { ...correction, diagnosis: 'Asthma', reason: 'Second look', basedOn: '1' });
    expect(stale.status).toBe(409);
    expect(messages(stale.text)).toContain('it is now version 2');
    expect($(stale.text)('form[action$="/addenda"] [name=diagnosis]').val()).toBe('Asthma');
    expect((await getAppointment(deps.db, id))!.consultation!.addenda).toHaveLength(1);
  });

  it('of corrections sent at the same moment, one is kept and the others are refused, never lost silently', async () => {
    const { id, doctorUser } = await aCompletedVisit();
    const record = (n: number) => ({ basedOn: 1, reason: `Correction number ${n}`, record: { diagnosis: `Corrected diagnosis ${n}` } });
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => addAddendum(deps, doctorUser, id, record(n))));

    const kept = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(kept).toHaveLength(1);
    expect(refused).toHaveLength(4);
    refused.forEach((o) => expect(o.reason).toBeInstanceOf(ConflictError));
    const stored = (await getAppointment(deps.db, id))!.consultation!;
    expect(stored.addenda).toHaveLength(1);
    expect(stored.diagnosis).toBe(`Corrected diagnosis ${stored.addenda![0].reason.split(' ').pop()}`);

    // Sent one after the other, each on the version before it, every one is kept.
    await addAddendum(deps, doctorUser, id, { ...record(6), basedOn: 2 });
    await addAddendum(deps, doctorUser, id, { ...record(7), basedOn: 3 });
    expect((await getAppointment(deps.db, id))!.consultation!.addenda!.map((a) => a.version)).toEqual([2, 3, 4]);
  });
});
