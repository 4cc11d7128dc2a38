/**
 * Issue 14, step 2 of the proof in real Chromium: a donor finds the blood bank page from the menu,
 * books a donation slot, sees it among their donations, and cancels it. The pages are saved at
 * desktop and phone widths along the way.
 */
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { aPatient, PASSWORD } from '../helpers/users';
import { E2E_SHOTS, saveScreenshot, signInAs } from './browser';
import { portalAndBrowser } from './portal';

const e2e = portalAndBrowser();

/** Desktop, then phone width, then back. */
async function shoot(page: Page, name: string) {
  await saveScreenshot(page, E2E_SHOTS, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, E2E_SHOTS, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

it('a donor books a donation slot from the blood bank page, sees it, and cancels it', async () => {
  const donor = await aPatient(e2e.portal.deps, { firstName: 'Meera', lastName: 'Donor' });
  // A weekday well ahead: the demo's other journeys book nearer days.
  let day = DateTime.now().setZone(e2e.portal.deps.config.timeZone).plus({ days: 20 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const date = day.toISODate()!;

  const { page, problems } = await signInAs(e2e.browser, e2e.portal.baseUrl, donor.email, PASSWORD);
  await page.getByRole('link', { name: 'Give blood' }).click();
  await expect(page.locator('[data-testid=blood-level]').count()).resolves.toBe(8);
  await shoot(page, 'donation-01-blood-bank');
  await page.getByTestId('book-donation').click();
  await page.getByLabel('Date').fill(date);
  await page.getByRole('button', { name: 'Show free times' }).click();
  await page.waitForURL(new RegExp(`date=${date}`));
  const time = (await page.locator('.slot span').first().textContent())!;
  await page.locator('.slot').first().click();
  await shoot(page, 'donation-02-pick-time');
  await page.getByRole('button', { name: 'Book this time' }).click();

  await page.waitForURL(/\/blood-bank\/bookings$/);
  await expect(page.locator('.flash, .error-summary, main h1').first().textContent()).resolves.toBe('Your donation is booked. Thank you for giving blood.');
  const booking = page.getByTestId('donation-booking').first();
  await expect(booking.textContent()).resolves.toContain(time);
  await expect(booking.getAttribute('data-status')).resolves.toBe('booked');
  await shoot(page, 'donation-03-my-donations');

  await booking.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.flash').first().textContent()).resolves.toBe('Your donation booking is cancelled.');
  await expect(page.getByTestId('donation-booking').first().getAttribute('data-status')).resolves.toBe('cancelled');
  expect(problems).toEqual([]);
});
