/**
 * T-MFA-01 in Chromium: a new admin's first log-in leads to setting up two-step sign-in; the admin
 * reads the key off the page (as they would type it into an authenticator app), confirms a code,
 * sees the recovery codes once, logs out, and logs in again with a code. Screenshots at desktop
 * and phone widths land in test-results/e2e/.
 */
import type { Page } from 'playwright-core';
import { E2E_SHOTS, saveScreenshot, watchForProblems } from './browser';
import { portalAndBrowser } from './portal';
import { freshCode } from '../helpers/two-step';
import { anAdminWithoutMfa, PASSWORD } from '../helpers/users';

const e2e = portalAndBrowser();

async function shotBoth(page: Page, name: string) {
  await saveScreenshot(page, E2E_SHOTS, `${name}.desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, E2E_SHOTS, `${name}.phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function submitAndWait(page: Page, button: string) {
  const answered = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.getByRole('button', { name: button }).click();
  await answered;
  await page.waitForLoadState('load');
}

async function logIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail or mobile number').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submitAndWait(page, 'Log in');
}

it('an admin sets up an authenticator at the first log-in, then logs in with a code', async () => {
  const admin = await anAdminWithoutMfa(e2e.portal.deps, { firstName: 'Meera' });
  const context = await e2e.browser.newContext({ baseURL: e2e.portal.baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  try {
    await logIn(page, admin.email);
    expect(new URL(page.url()).pathname).toBe('/account/two-step/setup');
    // Nothing else opens until it is set up.
    await page.goto('/admin');
    expect(new URL(page.url()).pathname).toBe('/account/two-step/setup');
    await expect(page.locator('.qr-code img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).resolves.toBe(true);
    await shotBoth(page, 'mfa-01-set-up');

    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from the app').fill('000000');
    await submitAndWait(page, 'Turn on two-step sign-in');
    await expect(page.locator('.field-error').textContent()).resolves.toContain('That code is not right');

    await page.getByLabel('Code from the app').fill(await freshCode(admin.email, secret));
    await submitAndWait(page, 'Turn on two-step sign-in');
    await expect(page.getByTestId('recovery-codes').locator('code').count()).resolves.toBe(10);
    await shotBoth(page, 'mfa-02-recovery-codes');
    await page.getByRole('link', { name: 'I have saved them' }).click();
    await page.waitForURL((url) => url.pathname === '/account/two-step');
    await expect(page.getByTestId('recovery-left').textContent()).resolves.toBe('10 of 10');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await logIn(page, admin.email);
    expect(new URL(page.url()).pathname).toBe('/login/two-step');
    await shotBoth(page, 'mfa-03-second-step');
    await page.getByLabel('Code').fill(await freshCode(admin.email, secret));
    await submitAndWait(page, 'Continue');
    expect(new URL(page.url()).pathname).toBe('/admin');

    await page.goto('/account/sign-ins');
    await expect(page.getByTestId('sign-ins').locator('tbody tr').first().getAttribute('data-outcome')).resolves.toBe('mfa-passed');
    await shotBoth(page, 'mfa-04-sign-ins');
    // The users list shows who has two-step sign-in, with the reset button for the others.
    await page.goto('/admin/users?role=admin');
    await expect(page.getByTestId(`user-${admin.email}`).getByTestId('user-mfa').textContent()).resolves.toContain('Two-step on');
    await shotBoth(page, 'mfa-05-users');
    // The wrong code's answer (422) is the one error a browser reports here.
    expect(problems.filter((problem) => !problem.text.includes('status of 422'))).toEqual([]);
  } finally {
    await context.close();
  }
});
