/**
 * Notifications in real Chromium: a patient books the demo cardiologist; the dev mailbox shows the
 * confirmation e-mail with its calendar file and the text message to the patient's phone, and the
 * doctor, whose day page is open in another browser, sees the inbox badge rise without reloading.
 */
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { formatPhone } from '../../src/platform/format';
import { aPatient, PASSWORD } from '../helpers/users';
import { E2E_SHOTS, saveScreenshot, signInAs } from './browser';
import { portalAndBrowser } from './portal';

const DOCTOR = { name: 'Dr Ananya Rao', email: 'dr.ananya.rao@medtrack.local', password: 'doctor-local-only' };
const REASON = 'Palpitations after climbing stairs';

const e2e = portalAndBrowser();

const signedIn = (email: string, password: string, setUp?: (page: Page) => Promise<void>) => signInAs(e2e.browser, e2e.portal.baseUrl, email, password, setUp);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reloads the mailbox filtered to `to` until `item` shows: the dispatcher sends within moments. */
async function inMailbox(page: Page, to: string, item: () => Locator): Promise<Locator> {
  for (let tries = 0; tries < 40; tries++) {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    if (await item().count()) return item();
    await sleep(250);
  }
  throw new Error(`nothing for ${to} in the dev mailbox`);
}

/** The number the nav badge shows; 0 while it is hidden. */
async function badgeCount(page: Page): Promise<number> {
  const badge = page.locator('[data-unread-badge]');
  return (await badge.isVisible()) ? Number((await badge.textContent())!.replace('+', '')) : 0;
}

it('a booking reaches the patient by e-mail with a calendar file and by SMS, and the doctor sees the inbox badge rise live', async () => {
  // A Thursday ahead: the demo cardiologist works then, and the booking journey books Fridays.
  let day = DateTime.now().setZone(e2e.portal.deps.config.timeZone).plus({ days: 2 });
  while (day.weekday !== 4) day = day.plus({ days: 1 });
  const date = day.toISODate()!;
  const patientUser = await aPatient(e2e.portal.deps, { firstName: 'Kavya', lastName: 'Menon' });

  // The doctor's day is open before the booking. Her browser's clock is Playwright's, so the
  // badge's 20-second poll can be fast-forwarded instead of waited for.
  const doctor = await signedIn(DOCTOR.email, DOCTOR.password, (page) => page.clock.install());
  await doctor.page.goto(`/doctor?date=${date}`);
  const before = await badgeCount(doctor.page);
  await doctor.page.evaluate(() => document.body.setAttribute('data-not-reloaded', 'yes'));

  const patient = await signedIn(patientUser.email, PASSWORD);
  await patient.page.goto(`/appointments/new?specialty=cardiology&date=${date}`);
  await patient.page.getByLabel('Doctor', { exact: true }).selectOption({ label: DOCTOR.name });
  await patient.page.getByRole('button', { name: 'Show free times' }).click();
  await patient.page.waitForURL(/doctorId=/);
  await patient.page.locator('.slot').last().click();
  await patient.page.getByLabel('Reason for the visit').fill(REASON);
  await patient.page.getByRole('button', { name: 'Book appointment' }).click();
  await expect(patient.page.locator('.flash-success').textContent()).resolves.toBe('Your appointment is booked.');

  // (a) The confirmation e-mail, with its calendar file, and the text message.
  const mail = await inMailbox(patient.page, patientUser.email, () => patient.page.getByTestId('mail').filter({ hasText: 'Appointment booked' }));
  await expect(mail.getByTestId('attachments').innerText()).resolves.toBe('Attachments: invite.ics');
  expect(await mail.innerText()).not.toContain(REASON);
  await saveScreenshot(patient.page, E2E_SHOTS, 'notifications-01-mail');
  const sms = await inMailbox(patient.page, patientUser.phone, () => patient.page.locator('#text-messages').getByTestId('sms'));
  await expect(sms.getByTestId('sms-to').textContent()).resolves.toBe(formatPhone(patientUser.phone));
  await expect(sms.locator('.sms-bubble').textContent()).resolves.toContain('Appointment booked');
  expect(await sms.innerText()).not.toContain(REASON);
  await saveScreenshot(patient.page, E2E_SHOTS, 'notifications-02-sms');

  // (b) The doctor's badge rises on the page she already had open.
  let now = before;
  for (let tries = 0; tries < 40 && now <= before; tries++) {
    await doctor.page.clock.runFor(5_000);
    await sleep(100);
    now = await badgeCount(doctor.page);
  }
  expect(now).toBeGreaterThan(before);
  await expect(doctor.page.locator('[data-unread-link]').getAttribute('aria-label')).resolves.toBe(`Inbox, ${now} unread`);
  await expect(doctor.page.locator('body').getAttribute('data-not-reloaded')).resolves.toBe('yes');
  await saveScreenshot(doctor.page, E2E_SHOTS, 'notifications-03-doctor-badge');

  // One click on the entry opens the appointment and the badge goes down.
  await doctor.page.getByRole('link', { name: /^Inbox/ }).click();
  await doctor.page.getByTestId('inbox-entry').filter({ hasText: `${patientUser.firstName} ${patientUser.lastName}` }).getByRole('button').click();
  await doctor.page.waitForURL(/\/appointments\/[0-9a-f-]{36}$/);
  expect(await badgeCount(doctor.page)).toBe(now - 1);

  expect([...patient.problems, ...doctor.problems]).toEqual([]);
});
