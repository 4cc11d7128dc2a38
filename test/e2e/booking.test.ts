/**
 * The booking journey in real Chromium: a patient books "any doctor" in Cardiology, the doctor
 * the round-robin chose sees it on their day, runs the visit and records a diagnosis and a
 * prescription, and the patient reads the result, rates the visit and finds it under "Past". And
 * an admin gives a visit to another doctor, and all three people hear of it.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { E2E_SHOTS, saveScreenshot, signInAs } from './browser';
import { bookAppointment } from '../../src/appointments';
import { getUserByEmail } from '../../src/users';
import { portalAndBrowser } from './portal';

const PATIENT = { email: 'asha.patel@medtrack.local', password: 'patient-local-only' };
const DOCTOR_PASSWORD = 'doctor-local-only';

// The journey books days ahead and the doctor runs the visit now: check-in opens two weeks early here.
const e2e = portalAndBrowser({ MEDTRACK_CHECK_IN_OPENS_MINUTES: String(14 * 24 * 60) });

const signedIn = (email: string, password: string, setUp?: (page: Page) => Promise<void>) => signInAs(e2e.browser, e2e.portal.baseUrl, email, password, setUp);

/** The demo doctors' e-mails follow dr.<first>.<last>@medtrack.local. */
const emailOf = (doctorName: string) => `${doctorName.replace(/^Dr /, 'dr.').replace(/ /g, '.').toLowerCase()}@medtrack.local`;

it('a patient books any cardiologist, the doctor completes the visit, and the patient rates it', async () => {
  // A Friday at least two days ahead: all three demo cardiologists work on Fridays.
  let day = DateTime.now().setZone(e2e.portal.deps.config.timeZone).plus({ days: 2 });
  while (day.weekday !== 5) day = day.plus({ days: 1 });
  const date = day.toISODate()!;

  const patient = await signedIn(PATIENT.email, PATIENT.password);
  await patient.page.getByRole('link', { name: 'Appointments' }).click();
  await patient.page.getByRole('link', { name: 'Book an appointment' }).click();
  await patient.page.getByLabel('Specialty').selectOption({ label: 'Cardiology' });
  await patient.page.waitForURL(/specialty=cardiology/);
  await patient.page.getByLabel('Date').fill(date);
  await patient.page.getByRole('button', { name: 'Show free times' }).click();
  await patient.page.locator('.slot').first().click();
  await patient.page.getByLabel('Reason for the visit').fill('Chest tightness when climbing stairs');
  await saveScreenshot(patient.page, E2E_SHOTS, 'booking-01-choose-time');
  await patient.page.getByRole('button', { name: 'Book appointment' }).click();

  await patient.page.waitForURL((url) => url.pathname !== '/appointments/new');
  // Whatever the next page says first (a success, an error or an error page's heading), so a failure names itself.
  await expect(patient.page.locator('.flash, .error-summary, main h1').first().textContent()).resolves.toBe('Your appointment is booked.');
  const lede = (await patient.page.locator('main .lede').textContent())!;
  expect(lede).toMatch(/^Dr .+ · Cardiology · /);
  const doctorName = lede.split(' · ')[0];
  const appointmentUrl = patient.page.url();
  await saveScreenshot(patient.page, E2E_SHOTS, 'booking-02-booked');

  const doctor = await signedIn(emailOf(doctorName), DOCTOR_PASSWORD);
  await doctor.page.goto(`/doctor?date=${date}`);
  await expect(doctor.page.locator('[data-stat=pending]').textContent()).resolves.toBe('1');
  await saveScreenshot(doctor.page, E2E_SHOTS, 'booking-03-doctor-day');
  await doctor.page.getByRole('link', { name: 'Asha Patel' }).click();
  await doctor.page.getByRole('button', { name: 'Start consultation' }).click();
  await doctor.page.getByLabel('Diagnosis').fill('Stable angina');
  await doctor.page.locator('#f-drug_1').fill('Aspirin');
  await doctor.page.locator('#f-dose_1').fill('75 mg');
  await doctor.page.locator('#f-frequency_1').fill('Once a day');
  await doctor.page.locator('#f-duration_1').fill('30 days');
  // A second medicine's box, added in the page (public/js/prescription.js): the form is not sent.
  const navigations: string[] = [];
  doctor.page.on('framenavigated', (frame) => navigations.push(frame.url()));
  await doctor.page.getByRole('button', { name: 'Add another medicine' }).click();
  await doctor.page.locator('#f-drug_2').fill('Atorvastatin');
  expect(navigations).toEqual([]);
  await doctor.page.locator('#f-dose_2').fill('10 mg');
  await doctor.page.locator('#f-frequency_2').fill('At night');
  await doctor.page.locator('#f-duration_2').fill('90 days');
  await saveScreenshot(doctor.page, E2E_SHOTS, 'booking-04-complete-form');
  await doctor.page.getByRole('button', { name: 'Complete visit' }).click();
  await expect(doctor.page.locator('[data-stat=completed]').textContent()).resolves.toBe('1');

  await patient.page.goto(appointmentUrl);
  await expect(patient.page.getByTestId('diagnosis').textContent()).resolves.toBe('Stable angina');
  await expect(patient.page.getByTestId('prescription').locator('tbody td[data-label=Drug]').allTextContents()).resolves.toEqual(['Aspirin', 'Atorvastatin']);
  await patient.page.locator('label.star', { hasText: '5' }).click();
  await patient.page.getByLabel('Comment (optional)').fill('Clear explanation, thank you');
  await patient.page.getByRole('button', { name: 'Send rating' }).click();
  await expect(patient.page.locator('.flash-success').textContent()).resolves.toBe('Thank you for rating your visit.');
  await expect(patient.page.getByTestId('rating').textContent()).resolves.toContain('★★★★★');
  await saveScreenshot(patient.page, E2E_SHOTS, 'booking-05-rated');

  // The finished visit has left "Upcoming" for "Past", in plain words.
  await patient.page.getByRole('link', { name: 'Appointments' }).click();
  const visitPath = new URL(appointmentUrl).pathname;
  await expect(patient.page.getByTestId('upcoming').locator(`a[href="${visitPath}"]`).count()).resolves.toBe(0);
  await expect(patient.page.getByTestId('past').locator(`a[href="${visitPath}"] .badge`).textContent()).resolves.toBe('Completed');
  await saveScreenshot(patient.page, E2E_SHOTS, 'booking-06-history');

  expect([...patient.problems, ...doctor.problems]).toEqual([]);
});

it('an admin gives a booked visit to another doctor: the patient, the new doctor and the old doctor are told', async () => {
  // A visit with the demo cardiologist on a Friday past the seeded days, when her two colleagues are free too.
  const { deps } = e2e.portal;
  let day = DateTime.now().setZone(deps.config.timeZone).plus({ days: 9 });
  while (day.weekday !== 5) day = day.plus({ days: 1 });
  const [asha, ananya] = await Promise.all([getUserByEmail(deps.db, PATIENT.email), getUserByEmail(deps.db, emailOf('Dr Ananya Rao'))]);
  const start = day.startOf('day').set({ hour: 11 }).toUTC().toISO()!;
  const booked = await bookAppointment(deps, { patient: asha!, doctorId: ananya!.id, start, reason: 'Follow-up of blood pressure', idempotencyKey: randomUUID() });
  if (booked.kind !== 'booked') throw new Error(`could not set up the visit: ${JSON.stringify(booked)}`);
  const visitPath = `/appointments/${booked.appointment.id}`;

  const admin = await signedIn('admin@medtrack.local', deps.config.adminPassword);
  await admin.page.goto(`/admin${visitPath}/reassign`);
  const choice = admin.page.locator('label.choice').first();
  const newDoctor = (await choice.textContent())!.trim();
  await choice.click();
  await saveScreenshot(admin.page, E2E_SHOTS, 'reassign-01-admin-chooses');
  await admin.page.getByRole('button', { name: 'Reassign' }).click();
  await expect(admin.page.locator('.flash').first().textContent()).resolves.toBe('The appointment has a new doctor.');

  const patient = await signedIn(PATIENT.email, PATIENT.password);
  await patient.page.goto(visitPath);
  await expect(patient.page.locator('main .lede').textContent()).resolves.toMatch(new RegExp(`^${newDoctor} · `));
  await patient.page.getByRole('link', { name: /Inbox/ }).click();
  const told = patient.page.getByTestId('inbox-entry').filter({ hasText: 'Your appointment has a new doctor' });
  await expect(told.textContent()).resolves.toContain(`Now with ${newDoctor}`);
  await saveScreenshot(patient.page, E2E_SHOTS, 'reassign-02-patient-inbox');

  const gaining = await signedIn(emailOf(newDoctor), DOCTOR_PASSWORD);
  await gaining.page.getByRole('link', { name: /Inbox/ }).click();
  await expect(gaining.page.getByTestId('inbox-entry').filter({ hasText: 'A visit was passed to you' }).count()).resolves.toBe(1);
  await gaining.page.goto(`/doctor?date=${day.toISODate()}`);
  await expect(gaining.page.getByRole('link', { name: 'Asha Patel' }).count()).resolves.toBe(1);

  const losing = await signedIn(emailOf('Dr Ananya Rao'), DOCTOR_PASSWORD);
  await losing.page.getByRole('link', { name: /Inbox/ }).click();
  await expect(losing.page.getByTestId('inbox-entry').filter({ hasText: `now with ${newDoctor}` }).count()).resolves.toBe(1);
  await losing.page.goto(visitPath);
  await expect(losing.page.locator('main').textContent()).resolves.toContain('This visit was passed to another doctor');
  await saveScreenshot(losing.page, E2E_SHOTS, 'reassign-03-old-doctor');

  expect([...patient.problems, ...admin.problems, ...gaining.problems]).toEqual([]);
});
