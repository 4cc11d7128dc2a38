/**
 * Clinical records in real Chromium (issue 13, "Proof"): a patient uploads a lab report and reads
 * its flags; the doctor of their visit today opens it from the day list and completes the visit with
 * vitals, an ICD-10 diagnosis and a medicine; the patient downloads the prescription PDF; a
 * pharmacist with no account opens its QR code's link, sees it valid and marks it dispensed with
 * the code printed on it; the patient finds all of it in "who looked at my record"; and another
 * patient and an unrelated doctor find nothing (404) at any of those addresses.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { E2E_SHOTS, saveScreenshot, signInAs, watchForProblems, type PageProblem } from './browser';
import { bookAppointment, nextFreeSlot } from '../../src/appointments';
import { createSpecialty } from '../../src/directory';
import { CHECK_UP_ROWS, labReportPdf } from '../../src/seed/lab-report';
import { fullName } from '../../src/users';
import { aDoctorWithPlan, everyDayPlan, uniqueSpecialty } from '../helpers/appointments';
import { pdfText, qrCodesOf } from '../helpers/pdf';
import { aDoctor, aPatient, PASSWORD } from '../helpers/users';
import { portalAndBrowser } from './portal';

// The visit is later today and the doctor runs it now: check-in opens a day early here.
const e2e = portalAndBrowser({ MEDTRACK_CHECK_IN_OPENS_MINUTES: String(24 * 60) });

const signedIn = (email: string) => signInAs(e2e.browser, e2e.portal.baseUrl, email, PASSWORD);

/** Saves the page at desktop width, then at phone width, and goes back to desktop. */
async function bothWidths(page: Page, name: string) {
  await saveScreenshot(page, E2E_SHOTS, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, E2E_SHOTS, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Every row of "who looked at my record", following "Older" to the end. */
async function recordAccessRows(page: Page) {
  await page.goto('/account/record-access');
  const rows: { who: string; role: string; what: string; outcome: string }[] = [];
  for (;;) {
    rows.push(
      ...(await page.getByTestId('record-access').evaluateAll((trs) =>
        trs.map((tr) => {
          const text = (id: string) => tr.querySelector(`[data-testid=${id}]`)?.textContent?.trim() ?? '';
          return { who: text('who'), role: text('role'), what: text('what'), outcome: text('outcome') };
        }),
      )),
    );
    const older = page.getByRole('link', { name: 'Older' });
    if (!(await older.count())) return rows;
    await older.click();
  }
}

it('a lab report, a visit and its prescription: read by the right people, checked and dispensed by a pharmacy, and hidden from everyone else', async () => {
  const { deps } = e2e.portal;
  const tag = randomUUID().slice(0, 6).replace(/\d/g, 'x');
  // A doctor working all day every day, so the visit can be today whenever the test runs.
  // Both doctors work at the demo hospital of the portal's seed (City General), so pages name it.
  // A specialty of its own: the e2e files share their tables, and a cardiologist free all day would
  // take the "any cardiologist" bookings of the booking journey.
  const specialty = uniqueSpecialty('internal-medicine');
  await createSpecialty(deps.db, { slug: specialty, name: 'Internal Medicine', description: 'Adult medicine' });
  const practice = (registrationNumber: string) => ({ specialty, hospitalId: 'city-general-hospital', qualifications: 'MBBS, MD', yearsOfExperience: 11, consultationFee: 700, approval: 'approved' as const, registrationNumber });
  const doctorUser = await aDoctorWithPlan(deps, specialty, everyDayPlan([{ start: '00:00', end: '23:40' }]), { firstName: 'Kavita', lastName: `Menon${tag}`, doctor: practice(`KMC/2014/${tag}`) });
  const patientUser = await aPatient(deps, { firstName: 'Lakshmi', lastName: `Nair${tag}`, gender: 'female', dateOfBirth: '1979-08-02' });
  const slot = (await nextFreeSlot(deps, doctorUser.id, new Date()))!;
  const booked = await bookAppointment(deps, { patient: patientUser, doctorId: doctorUser.id, start: slot.start, reason: 'Yearly check-up results', idempotencyKey: randomUUID() });
  if (booked.kind !== 'booked') throw new Error(`could not set up the visit: ${booked.kind}`);
  const visit = booked.appointment;
  const visitPath = `/appointments/${visit.id}`;

  // 1. The patient adds the lab report to the vault, and reads its flags on the file's page.
  const labPdf = await labReportPdf({ labName: 'Sahyadri Diagnostics', patientName: fullName(patientUser), ageAndSex: '47 Y / Female', collectedOn: '28 Nov 2026', rows: CHECK_UP_ROWS });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-e2e-'));
  const labFile = path.join(dir, 'blood-test-november.pdf');
  fs.writeFileSync(labFile, labPdf);
  const patient = await signedIn(patientUser.email);
  await patient.page.goto('/records');
  await patient.page.getByRole('link', { name: 'Add a file' }).click();
  await patient.page.getByLabel('Title').fill('Blood test, November');
  await patient.page.getByLabel('What kind of file is it?').selectOption({ label: 'Lab report' });
  await patient.page.getByLabel('Date on the report').fill('2026-11-28');
  await patient.page.locator('#f-file').setInputFiles(labFile);
  await saveScreenshot(patient.page, E2E_SHOTS, 'records-01-upload-form');
  await patient.page.getByRole('button', { name: 'Add the file' }).click();
  // The form goes by XMLHttpRequest (public/js/upload.js): the file page replaces it in place.
  await patient.page.getByTestId('lab-insights').waitFor();
  await expect(patient.page.locator('main h1').textContent()).resolves.toBe('Blood test, November');
  const filePath = new URL(patient.page.url()).pathname;
  expect(filePath).toMatch(new RegExp(`^/patients/${patientUser.id}/files/[0-9a-f-]{36}$`));
  const reading = (analyte: string) => patient.page.getByTestId(`insight-${analyte}`).locator('td[data-label=Reading]').textContent();
  await expect(reading('haemoglobin')).resolves.toBe('Below range');
  await expect(reading('fastingGlucose')).resolves.toBe('Above range');
  await expect(reading('ldl')).resolves.toBe('Above range');
  await expect(reading('vitaminD')).resolves.toBe('Below range');
  await expect(reading('tsh')).resolves.toBe('In range');
  await bothWidths(patient.page, 'records-02-file-with-flags');

  // 2. The doctor opens the file from the day list, then runs the visit and completes it.
  const doctor = await signedIn(doctorUser.email);
  await doctor.page.goto(`/doctor?date=${visit.localDate}`);
  const row = doctor.page.getByTestId(`visit-${visit.id}`);
  await row.getByRole('button', { name: 'Check in' }).click();
  await saveScreenshot(doctor.page, E2E_SHOTS, 'records-03-doctor-day');
  await doctor.page.getByTestId(`visit-${visit.id}`).getByTestId('patient-files').click();
  await doctor.page.getByRole('link', { name: 'Blood test, November' }).click();
  await expect(doctor.page.locator('main h1').textContent()).resolves.toBe('Blood test, November');
  expect(new URL(doctor.page.url()).pathname).toBe(filePath);
  await expect(doctor.page.getByTestId('insight-haemoglobin').locator('td[data-label=Reading]').textContent()).resolves.toBe('Below range');
  // The doctor reads the patient's report: the reading does not say "your report" to them.
  await expect(doctor.page.locator('#lab-insights-title').textContent()).resolves.toBe('Automated reading of this report, as the patient sees it: check it against the report');
  await saveScreenshot(doctor.page, E2E_SHOTS, 'records-04-doctor-file');
  await doctor.page.goto(`/doctor?date=${visit.localDate}`);
  await doctor.page.getByRole('link', { name: fullName(patientUser) }).click();
  await doctor.page.getByRole('button', { name: 'Start consultation' }).click();
  await doctor.page.getByLabel('Diagnosis').fill('Iron deficiency anaemia and vitamin D deficiency');
  await doctor.page.getByLabel('ICD-10 code (optional)').pressSequentially('iron defic', { delay: 30 });
  await doctor.page.waitForFunction(() => Array.from(document.querySelectorAll('#icd10-list option')).some((o) => (o as HTMLOptionElement).value.startsWith('D50.9 ')));
  const pick = await doctor.page.locator('#icd10-list option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith('D50.9 '))!);
  await doctor.page.getByLabel('ICD-10 code (optional)').fill(pick);
  await doctor.page.getByLabel('Systolic pressure (mmHg)').fill('124');
  await doctor.page.getByLabel('Diastolic pressure (mmHg)').fill('80');
  await doctor.page.getByLabel('Pulse').fill('78');
  await doctor.page.getByLabel('Temperature').fill('36.8');
  await doctor.page.getByLabel('SpO2').fill('98');
  await doctor.page.getByLabel('Weight').fill('61');
  await doctor.page.getByLabel('Height').fill('160');
  await doctor.page.getByLabel('Follow-up advice (optional)').fill('Repeat the blood test in three months.');
  await doctor.page.locator('#f-drug_1').fill('Ferrous sulfate');
  await doctor.page.locator('#f-strength_1').fill('200 mg');
  await doctor.page.locator('#f-dose_1').fill('1 tablet');
  await doctor.page.locator('#f-frequency_1').fill('Once a day');
  await doctor.page.locator('#f-duration_1').fill('90 days');
  await saveScreenshot(doctor.page, E2E_SHOTS, 'records-05-complete-form');
  await doctor.page.getByRole('button', { name: 'Complete visit' }).last().click();
  await expect(doctor.page.locator('.flash').first().textContent()).resolves.toContain('Visit completed.');
  await expect(doctor.page.locator(`[data-status-of="${visit.id}"]`).textContent()).resolves.toBe('Completed');

  // 3. The patient downloads the prescription from the visit page.
  await patient.page.goto(visitPath);
  await expect(patient.page.getByTestId('diagnosis').textContent()).resolves.toBe('Iron deficiency anaemia and vitamin D deficiency');
  await expect(patient.page.locator('main .lede').textContent()).resolves.toContain('City General Hospital');
  await saveScreenshot(patient.page, E2E_SHOTS, 'records-06-patient-visit');
  await patient.page.getByTestId('open-prescription').click();
  await patient.page.waitForURL(/\/prescriptions\/[0-9a-f-]{36}$/);
  const prescriptionPath = new URL(patient.page.url()).pathname;
  await saveScreenshot(patient.page, E2E_SHOTS, 'records-07-prescription');
  const [download] = await Promise.all([patient.page.waitForEvent('download'), patient.page.getByTestId('download-prescription').click()]);
  const prescriptionPdf = fs.readFileSync((await download.path())!);
  expect(prescriptionPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = await pdfText(prescriptionPdf);
  expect(text).toContain('Ferrous sulfate');
  expect(text).toContain('City General Hospital');
  const code = /\b([A-Z2-9]{4})-([A-Z2-9]{4})\b/.exec(text)![0];

  // 4. A pharmacist, with no account, follows the QR code: valid, then dispensed with the printed code.
  const [qrUrl] = qrCodesOf(prescriptionPdf);
  expect(qrUrl.startsWith(`${e2e.portal.baseUrl}/verify/prescriptions/`)).toBe(true);
  const pharmacyContext = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const pharmacy = { page: await pharmacyContext.newPage(), problems: [] as PageProblem[] };
  pharmacy.problems = watchForProblems(pharmacy.page);
  await pharmacy.page.goto(qrUrl);
  await expect(pharmacy.page.getByTestId('verify-state').getAttribute('data-state')).resolves.toBe('valid');
  await expect(pharmacy.page.locator('main').textContent()).resolves.toContain('Ferrous sulfate');
  await expect(pharmacy.page.locator('main').textContent()).resolves.toContain(`registration no. KMC/2014/${tag}`);
  await bothWidths(pharmacy.page, 'records-08-verify-valid');
  await pharmacy.page.getByLabel('One-time code').fill(code);
  await pharmacy.page.getByRole('button', { name: 'Mark as dispensed' }).click();
  await expect(pharmacy.page.getByTestId('verify-state').getAttribute('data-state')).resolves.toBe('dispensed');
  await bothWidths(pharmacy.page, 'records-09-verify-dispensed');
  await patient.page.reload();
  await expect(patient.page.getByTestId('prescription-status').getAttribute('data-state')).resolves.toBe('dispensed');

  // 5. The patient reads who looked at the record: the doctor, and the pharmacy, each named.
  const rows = await recordAccessRows(patient.page);
  await patient.page.goto('/account/record-access');
  await saveScreenshot(patient.page, E2E_SHOTS, 'records-10-record-access');
  const doctorName = fullName(doctorUser);
  const seen = (who: string, role: string, what: string) => rows.some((r) => r.who === who && r.role === role && r.what === what && r.outcome === 'Allowed');
  expect(seen(doctorName, 'Doctor', 'Opened a medical file')).toBe(true);
  expect(seen(doctorName, 'Doctor', 'Wrote a visit record')).toBe(true);
  expect(seen('Someone with the prescription’s link', 'Pharmacy', 'Checked a prescription')).toBe(true);
  expect(seen('Someone with the prescription’s link', 'Pharmacy', 'Dispensed a prescription')).toBe(true);

  // 6. Another patient and an unrelated doctor: the same 404 at every address.
  const file = filePath;
  const everywhere = [file, `${file}/download`, `${file}/preview`, visitPath, `${visitPath}/prescription`, prescriptionPath, `${prescriptionPath}.pdf`];
  const strangers = [
    { user: await aPatient(deps, { firstName: 'Rohan', lastName: `Desai${tag}` }), paths: everywhere },
    { user: await aDoctor(deps, { firstName: 'Vikram', lastName: `Shah${tag}`, doctor: practice(`KMC/2016/${tag}`) }), paths: [...everywhere, `/patients/${patientUser.id}/timeline`, `/patients/${patientUser.id}/files`] },
  ];
  for (const stranger of strangers) {
    const { page, problems } = await signedIn(stranger.user.email);
    const statuses: Record<string, number> = {};
    for (const at of stranger.paths) statuses[at] = (await page.request.get(at, { maxRedirects: 0 })).status();
    expect(statuses).toEqual(Object.fromEntries(stranger.paths.map((at) => [at, 404])));
    const shown = await page.goto(file);
    expect(shown!.status()).toBe(404);
    await expect(page.locator('main').textContent()).resolves.not.toContain('Blood test');
    await saveScreenshot(page, E2E_SHOTS, `records-11-stranger-${stranger.user.role}`);
    // The one 404 page shown above was meant: the browser logs it as a failed load.
    expect(problems.filter((p) => !(p.text.includes('status of 404') && p.source === `${e2e.portal.baseUrl}${file}`))).toEqual([]);
  }

  fs.rmSync(dir, { recursive: true, force: true });
  await pharmacyContext.close();
  expect([...patient.problems, ...doctor.problems, ...pharmacy.problems]).toEqual([]);
});
