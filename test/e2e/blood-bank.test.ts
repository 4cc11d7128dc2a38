/**
 * Issue 14's proof in Chromium, as the people involved see it: an admin (the blood-bank officer)
 * signs in with an authenticator code; a donor books a donation slot; the officer opens the booking,
 * records the donation and its screening, and the bags go on the shelf; a request for an O− patient
 * is proposed first-expiry-first-out from compatible lots and issued; that takes O− below its alert
 * threshold, and after the alerts job the alert is on the dashboard and on the dev mailbox as an SNS
 * record. Only this file touches O− stock in the e2e tables (the others book slots or read pages).
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { addLot } from '../../src/bloodbank/stock/service';
import { TEST_NAMES } from '../../src/bloodbank/types';
import { aPatient, anAdmin, PASSWORD } from '../helpers/users';
import { E2E_SHOTS, passTwoStepIn, saveScreenshot, signInAs, watchForProblems } from './browser';
import { portalAndBrowser } from './portal';

const e2e = portalAndBrowser();
const BB = '/admin/blood-bank';

async function shoot(page: Page, name: string, phone = false) {
  await saveScreenshot(page, E2E_SHOTS, `${name}-1280`);
  if (!phone) return;
  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing scrolls sideways on a phone (the chart redraws a frame after the resize).
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 3000 });
  await saveScreenshot(page, E2E_SHOTS, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function press(page: Page, button: string, within: Pick<Page, 'getByRole'> = page) {
  const answered = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await within.getByRole('button', { name: button }).click();
  await answered;
  await page.waitForLoadState('load');
}

const flash = (page: Page) => page.locator('.flash').first().textContent();
const bag = (label: string) => `E2E-${label}-${randomUUID().slice(0, 8).toUpperCase()}`;
/** What the O− card on the dashboard says: red-cell units and the threshold they alert below. */
async function oNegativeCard(page: Page) {
  await page.goto(BB);
  const card = page.locator('[data-testid=group-level][data-group="O-"]');
  const units = Number(await card.locator('strong').textContent());
  const threshold = Number((await card.locator('.muted').textContent())!.replace(/\D+/g, ''));
  return { units, threshold, level: await card.getAttribute('data-level') };
}

/** Until `check` holds on a fresh load of `path` (work started by a request finishes a moment later). */
async function reloadUntil(page: Page, path: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 40; i += 1) {
    await page.goto(path);
    if (await check()) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`${path} never showed what was expected`);
}

it('a booked donor’s donation is screened onto the shelf, an O− request is filled first-expiry-first-out, and low stock alerts', async () => {
  const { deps } = e2e.portal;
  const zone = deps.config.timeZone;
  const today = DateTime.now().setZone(zone);
  const donor = await aPatient(deps, { firstName: 'Kavya', lastName: `Donor${randomUUID().slice(0, 4)}`, bloodGroup: 'O-', gender: 'female', dateOfBirth: '1991-03-02' });
  const recipient = await aPatient(deps, { firstName: 'Arun', lastName: 'Recipient', bloodGroup: 'O-' });
  const officer = await anAdmin(deps, { firstName: 'Officer' });

  // 1. The officer signs in: password, then a code from the authenticator.
  const context = await e2e.browser.newContext({ baseURL: e2e.portal.baseUrl, viewport: { width: 1280, height: 900 } });
  const admin = await context.newPage();
  const problems = watchForProblems(admin);
  await admin.goto('/login');
  await admin.getByLabel('E-mail or mobile number').fill(officer.email);
  await admin.getByLabel('Password').fill(PASSWORD);
  await press(admin, 'Log in');
  expect(new URL(admin.url()).pathname).toBe('/login/two-step');
  await shoot(admin, 'bloodbank-01-two-step');
  await passTwoStepIn(admin, officer.email);
  expect(new URL(admin.url()).pathname).toBe('/admin');

  // 2. The donor books a slot on a weekday well ahead (blood-donation.test.ts books nearer days).
  let day = today.plus({ days: 23 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const date = day.toISODate()!;
  const { page: donorPage, problems: donorProblems } = await signInAs(e2e.browser, e2e.portal.baseUrl, donor.email, PASSWORD);
  await donorPage.goto('/blood-bank/book');
  await donorPage.getByLabel('Date').fill(date);
  await donorPage.getByRole('button', { name: 'Show free times' }).click();
  await donorPage.waitForURL(new RegExp(`date=${date}`));
  await donorPage.locator('.slot').first().click();
  await donorPage.getByRole('button', { name: 'Book this time' }).click();
  await donorPage.waitForURL(/\/blood-bank\/bookings$/);
  await expect(donorPage.getByTestId('donation-booking').first().getAttribute('data-status')).resolves.toBe('booked');
  await shoot(donorPage, 'bloodbank-02-donor-booked');
  expect(donorProblems).toEqual([]);

  // 3. The officer finds the booking on its day and records the donation, then the screening.
  await admin.goto(`${BB}/bookings?date=${date}`);
  const row = admin.getByTestId('donation-booking-row').filter({ hasText: `${donor.firstName} ${donor.lastName}` });
  await expect(row.count()).resolves.toBe(1);
  await shoot(admin, 'bloodbank-03-bookings', true);
  await row.getByRole('button', { name: 'Record donation' }).click();
  await admin.waitForURL(new RegExp(`${BB}/donors/${donor.id}$`));
  await expect(admin.locator('h1').textContent()).resolves.toBe(`${donor.firstName} ${donor.lastName}`);
  const [redBag, plasmaBag] = [bag('RC'), bag('FFP')];
  await admin.getByLabel('Weight (kg)').fill('61');
  await admin.getByLabel('Haemoglobin (g/dL)').fill('13.4');
  const bagFields = async (n: number, component: string, number: string) => {
    const group = admin.getByRole('group', { name: new RegExp(`^Bag ${n}`) });
    await group.getByLabel('Component').selectOption({ label: component });
    await group.getByLabel('Units').fill('1');
    await group.getByLabel('Bag number').fill(number);
  };
  await bagFields(1, 'Packed red cells', redBag);
  await bagFields(2, 'Fresh frozen plasma', plasmaBag);
  await shoot(admin, 'bloodbank-04-donation-form', true);
  await press(admin, 'Record donation');
  await expect(flash(admin)).resolves.toBe('Donation recorded: 2 bags quarantined until screening.');
  await expect(admin.getByTestId('screening-state').textContent()).resolves.toBe('awaiting screening');
  await expect(admin.getByTestId('donation-lot').allTextContents()).resolves.toEqual([expect.stringContaining('quarantined'), expect.stringContaining('quarantined')]);
  for (const name of Object.values(TEST_NAMES)) await admin.getByLabel(name, { exact: true }).selectOption('negative');
  await press(admin, 'Record screening');
  await expect(admin.getByTestId('screening-state').textContent()).resolves.toBe('screening passed');
  const bags = await admin.getByTestId('donation-lot').allTextContents();
  expect(bags).toHaveLength(2);
  expect(bags).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${redBag} · Packed red cells · 1 unit · .*available$`)), expect.stringMatching(new RegExp(`^${plasmaBag} · Fresh frozen plasma · 1 unit · .*available$`))]));
  await shoot(admin, 'bloodbank-05-screened');

  // 4. The bags are on the shelf: the lots page lists them as available.
  await admin.goto(`${BB}/lots?status=available&group=O-&component=red-cells`);
  await expect(admin.getByTestId('lot-row').filter({ hasText: redBag }).locator('.badge').textContent()).resolves.toBe('available');
  await admin.goto(`${BB}/lots?status=available&group=O-&component=plasma`);
  await expect(admin.getByTestId('lot-row').filter({ hasText: plasmaBag }).count()).resolves.toBe(1);
  await shoot(admin, 'bloodbank-06-lots');

  // 5. Two O− red-cell lots delivered earlier expire sooner than anything else of O− on the shelf.
  const delivered = (label: string, expiresIn: number) =>
    addLot(deps, { group: 'O-', component: 'red-cells', units: 1, bagNumber: bag(label), collectedOn: today.minus({ days: 42 - expiresIn }).toISODate()!, expiresOn: today.plus({ days: expiresIn }).toISODate()!, status: 'available' });
  const [first, second] = [await delivered('SOON', 4), await delivered('NEXT', 6)];
  const before = await oNegativeCard(admin);
  expect(before.level).not.toBe('low');
  await expect(admin.locator('[data-testid=blood-alert][data-condition="low#O-"]').count()).resolves.toBe(0);
  // Enough units that O− ends one below its threshold.
  const units = before.units - before.threshold + 1;

  await admin.goto(`${BB}/requests/new`);
  await admin.getByLabel('Patient’s e-mail or mobile number').fill(recipient.email);
  await press(admin, 'Find patient');
  await expect(admin.getByTestId('request-patient').textContent()).resolves.toBe('Arun Recipient');
  await expect(admin.getByLabel('Patient’s blood group').inputValue()).resolves.toBe('O-');
  await admin.getByLabel('Component').selectOption({ label: 'Packed red cells' });
  await admin.getByLabel('Units').fill(String(units));
  await admin.getByLabel('Urgency').selectOption({ label: 'Urgent' });
  await press(admin, 'Make request');
  await expect(flash(admin)).resolves.toBe('Request made. Choose the lots to issue below.');
  await expect(admin.getByTestId('short').count()).resolves.toBe(0);

  const rows = async (testId: string) =>
    admin.getByTestId(testId).evaluateAll((trs) => trs.map((tr) => ({ bag: tr.querySelector('[data-label=Bag]')!.textContent!.trim(), group: tr.querySelector('[data-label=Group]')!.textContent!.trim(), expires: tr.querySelector('[data-label=Expires]')!.textContent!.trim(), why: tr.querySelector('[data-label=Why]')!.textContent!.trim() })));
  const [proposed, others] = [await rows('proposed-lot'), await rows('other-lot')];
  expect(proposed.slice(0, 2)).toEqual([
    { bag: first.bagNumber, group: 'O−', expires: first.expiresOn, why: 'Same group, expires first' },
    { bag: second.bagNumber, group: 'O−', expires: second.expiresOn, why: `Same group, expires ${second.expiresOn}` },
  ]);
  // Only O− is compatible; nothing left unproposed expires before what is proposed; the fresh donation waits.
  expect([...proposed, ...others].every((lot) => lot.group === 'O−')).toBe(true);
  expect(proposed.map((lot) => lot.expires)).toEqual(proposed.map((lot) => lot.expires).sort());
  for (const other of others) expect(other.expires >= proposed[proposed.length - 1].expires).toBe(true);
  expect(others.map((lot) => lot.bag)).toContain(redBag);
  await shoot(admin, 'bloodbank-07-request', true);
  await press(admin, 'Issue ticked lots');
  await expect(flash(admin)).resolves.toBe(`${units} units issued.`);
  await expect(admin.getByTestId('request-status').textContent()).resolves.toBe('fulfilled');
  await expect(admin.getByTestId('request-outcome').textContent()).resolves.toBe(`All ${units} units were issued. Nothing more is needed for this request.`);
  await shoot(admin, 'bloodbank-08-issued');

  // 6. O− is now below its threshold: the alerts job (run from the jobs page) raises it once.
  const after = await oNegativeCard(admin);
  expect(after).toEqual({ units: before.threshold - 1, threshold: before.threshold, level: 'low' });
  await admin.goto('/admin/jobs');
  const job = admin.getByTestId('job-blood-alerts');
  await press(admin, 'Run now', job);
  await reloadUntil(admin, '/admin/jobs', async () => (await job.getByTestId('outcome').first().textContent().catch(() => '')) === 'ok');
  await shoot(admin, 'bloodbank-09-jobs');

  const alert = admin.locator('[data-testid=blood-alert][data-condition="low#O-"]');
  await admin.goto(BB);
  await expect(alert.locator('strong').textContent()).resolves.toBe('Blood stock low: O-');
  await expect(alert.textContent()).resolves.toContain(`O- red-cell units available: ${before.threshold - 1}, below the threshold of ${before.threshold}.`);
  await shoot(admin, 'bloodbank-10-dashboard-alert', true);

  const record = admin.getByTestId('sns-record').filter({ hasText: 'Blood stock low: O-' });
  await reloadUntil(admin, '/dev/mailbox', async () => (await record.count()) > 0);
  await expect(record.count()).resolves.toBe(1);
  await expect(record.locator('pre').textContent()).resolves.toContain(`${e2e.portal.baseUrl}${BB}`);
  await record.scrollIntoViewIfNeeded();
  await saveScreenshot(admin, E2E_SHOTS, 'bloodbank-11-mailbox-1280');
  expect(problems).toEqual([]);
  await context.close();
  await donorPage.context().close();
});
