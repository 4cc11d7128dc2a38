/**
 * The prescription on the completion form (issue 12, item 7): one box per medicine, added and removed
 * as needed (here without JavaScript: the buttons submit and the form comes back changed), any number
 * up to twenty saved, and each box's mistakes shown on that box's fields.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { createSpecialty } from '../../../src/directory';
import { buildTestApp } from '../../helpers/app';
import { everyDayPlan, uniqueSpecialty } from '../../helpers/appointments';
import { $, messages, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

// The visits here are days ahead and the doctor runs them now: check-in opens two weeks early for this file.
const { app, deps } = buildTestApp({ MEDTRACK_CHECK_IN_OPENS_MINUTES: String(14 * 24 * 60) });
const zone = deps.config.timeZone;

/** A visit in progress, its page, and the doctor's and the patient's agents. */
async function aVisitInProgress() {
  const specialty = uniqueSpecialty('rx');
  await createSpecialty(deps.db, { slug: specialty, name: `Rx ${specialty}`, description: 'For the prescription form tests' });
  const doctor = await aDoctor(deps, { doctor: { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 9, consultationFee: 600, approval: 'approved' } });
  await savePlan(deps.db, doctor.id, everyDayPlan([{ start: '09:00', end: '12:00' }]), 0);
  const patient = await aPatient(deps);
  const start = DateTime.now().setZone(zone).plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO()!;
  const booked = await bookAppointment(deps, { patient, doctorId: doctor.id, start, reason: 'Persistent cough', idempotencyKey: randomUUID() });
  if (booked.kind !== 'booked') throw new Error(`could not book: ${booked.kind}`);
  await advanceVisit(deps, doctor, booked.appointment.id, 'start');
  const path = `/appointments/${booked.appointment.id}`;
  return { path, doctor: await signIn(app, doctor.email), patient: await signIn(app, patient.email) };
}

const line = (row: number, drug: string) => ({ [`drug_${row}`]: drug, [`dose_${row}`]: '10 mg', [`frequency_${row}`]: 'Once a day', [`duration_${row}`]: '7 days' });
const boxes = (html: string) => $(html)('[data-rx-row]').length;
const typed = (html: string, name: string) => $(html)(`[name="${name}"]`).val();

describe('the prescription on the completion form', () => {
  it('starts with one medicine box, spread over the width of the page', async () => {
    const { path, doctor } = await aVisitInProgress();
    const page = $((await doctor.get(path).expect(200)).text);

    expect(page('[data-rx-row]')).toHaveLength(1);
    expect(page('[data-rx-row] label').map((_i, el) => page(el).text()).get()).toEqual(['Drug', 'Strength (optional)', 'Dose', 'How often', 'For how long', 'Instructions (optional)']);
    // The form is its own section after the summary, not a side column of it.
    expect(page('.split .consultation')).toHaveLength(0);
    expect(page('main > .consultation form[action$="/complete"]')).toHaveLength(1);
    expect(page('script[src="/js/prescription.js"]')).toHaveLength(1);
  });

  it('adds a box without JavaScript, keeping everything typed, and saves nothing', async () => {
    const { path, doctor } = await aVisitInProgress();
    const response = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Acute bronchitis', ...line(1, 'Amoxicillin'), rows: 'add' });

    expect(response.status).toBe(200);
    expect(boxes(response.text)).toBe(2);
    expect(typed(response.text, 'diagnosis')).toBe('Acute bronchitis');
    expect(typed(response.text, 'drug_1')).toBe('Amoxicillin');
    expect(typed(response.text, 'drug_2')).toBe('');
    expect($(response.text)('.field-error, .error-summary')).toHaveLength(0);
    expect($((await doctor.get(path)).text)('[data-testid=status]').text()).toBe('With the doctor');
  });

  it('removes the chosen box without JavaScript; the boxes after it move up', async () => {
    const { path, doctor } = await aVisitInProgress();
    const response = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Gastritis', ...line(1, 'Omeprazole'), ...line(2, 'Antacid'), ...line(3, 'Domperidone'), rows: 'remove-2' });

    expect(response.status).toBe(200);
    expect(boxes(response.text)).toBe(2);
    expect([typed(response.text, 'drug_1'), typed(response.text, 'drug_2')]).toEqual(['Omeprazole', 'Domperidone']);
    expect(typed(response.text, 'diagnosis')).toBe('Gastritis');
    const page = $(response.text);
    expect(page('[data-rx-remove]').map((_i, el) => page(el).attr('aria-label')).get()).toEqual(['Remove medicine 1', 'Remove medicine 2']);

    // Removing the only box leaves an empty one to type in.
    const last = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Gastritis', ...line(1, 'Omeprazole'), rows: 'remove-1' });
    expect(boxes(last.text)).toBe(1);
    expect(typed(last.text, 'drug_1')).toBe('');
  });

  it('saves more than five medicines, skipping boxes left empty, and the patient sees them all', async () => {
    const { path, doctor, patient } = await aVisitInProgress();
    const drugs = ['Amoxicillin', 'Paracetamol', 'Cetirizine', 'Salbutamol', 'Prednisolone', 'Vitamin C', 'Zinc'];
    const fields = Object.assign({}, ...drugs.map((drug, i) => line(i < 3 ? i + 1 : i + 2, drug)), { drug_4: '', dose_4: '', frequency_4: '', duration_4: '', instructions_4: '' });
    const done = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Chest infection', ...fields });
    expect(done.status).toBe(303);

    const seen = $((await patient.get(path)).text);
    expect(seen('[data-testid=prescription] tbody td[data-label=Drug]').map((_i, el) => seen(el).text()).get()).toEqual(drugs);
  });

  it('puts each mistake on the field of its own box, and keeps every box as typed', async () => {
    const { path, doctor } = await aVisitInProgress();
    const response = await submit(doctor, path, `${path}/complete`, {
      diagnosis: 'Chest infection',
      ...line(1, 'Amoxicillin'),
      ...line(2, 'Paracetamol'), dose_2: '',
      ...line(3, 'Cetirizine'),
      drug_4: '', dose_4: '5 ml', frequency_4: '', duration_4: '3 days',
      ...line(6, 'Zinc'),
    });

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('.field-error').map((_i, el) => `${page(el).attr('id')}: ${page(el).text()}`).get()).toEqual([
      'f-dose_2-error: Give the dose, like 500 mg',
      'f-drug_4-error: Name the drug',
      'f-frequency_4-error: Say how often, like twice a day',
    ]);
    expect(page('#f-dose_2').attr('aria-invalid')).toBe('true');
    expect(page('#f-dose_1').attr('aria-invalid')).toBeUndefined();
    expect(boxes(response.text)).toBe(6);
    expect(typed(response.text, 'drug_6')).toBe('Zinc');
    expect(typed(response.text, 'dose_4')).toBe('5 ml');
    expect($((await doctor.get(path)).text)('[data-testid=status]').text()).toBe('With the doctor');
  });

  it('takes up to twenty medicines: no box to add at twenty, and a clear refusal past it', async () => {
    const { path, doctor } = await aVisitInProgress();
    const twenty = Object.assign({}, ...Array.from({ length: 20 }, (_, i) => line(i + 1, `Drug ${i + 1}`)));
    const full = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Many things', ...twenty, rows: 'add' });
    expect(boxes(full.text)).toBe(20);
    expect($(full.text)('[data-rx-add]')).toHaveLength(0);

    const tooMany = await submit(doctor, path, `${path}/complete`, { diagnosis: 'Many things', ...twenty, ...line(21, 'Drug 21') });
    expect(tooMany.status).toBe(422);
    expect(messages(tooMany.text)).toContain('A prescription can list at most 20 medicines.');
    expect($((await doctor.get(path)).text)('[data-testid=status]').text()).toBe('With the doctor');

    expect((await submit(doctor, path, `${path}/complete`, { diagnosis: 'Many things', ...twenty })).status).toBe(303);
  });

  it('lets only the visit\'s doctor change the rows', async () => {
    const { path, patient } = await aVisitInProgress();
    const other = await signIn(app, (await aDoctor(deps)).email);
    expect((await submit(other, '/doctor', `${path}/complete`, { rows: 'add' })).status).toBe(404);
    expect((await submit(patient, path, `${path}/complete`, { rows: 'add' })).status).toBe(403);
  });
});
