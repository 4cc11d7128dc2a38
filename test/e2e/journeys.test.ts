/**
 * Whole journeys in real headless Chromium against the real app and local stack: what a patient,
 * a doctor and an admin do in their first minutes, through the same pages and e-mails they use.
 * Every step leaves a screenshot in test-results/e2e/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { E2E_SHOTS, passTwoStepIn, saveScreenshot, watchForProblems, type PageProblem } from './browser';
import { portalAndBrowser } from './portal';
import { uniqueEmail, uniquePhone } from '../helpers/users';

const NEW_PASSWORD = 'a long enough password';

const e2e = portalAndBrowser();
const contexts: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** A fresh browser profile (its own cookies) with a page that records console errors. */
async function openBrowser(): Promise<{ page: Page; problems: PageProblem[] }> {
  const context = await e2e.browser.newContext({ baseURL: e2e.portal.baseUrl, viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  return { page, problems: watchForProblems(page) };
}

const shot = (page: Page, name: string) => saveScreenshot(page, E2E_SHOTS, name);

/** Fills the name, birth, contact and password fields both registration forms share. */
async function fillPersonAndPassword(page: Page, person: { firstName: string; lastName: string; email: string; phone: string }) {
  await page.getByLabel('First name').fill(person.firstName);
  await page.getByLabel('Last name').fill(person.lastName);
  await page.getByLabel('Date of birth').fill('1990-03-14');
  await page.getByLabel('Gender').selectOption({ label: 'Female' });
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Mobile number').fill(person.phone);
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm password').fill(NEW_PASSWORD);
}

/** Opens the dev mailbox from the header, narrows it to one recipient and opens the newest mail's link. */
async function followLinkInMailbox(page: Page, to: string, subject: string) {
  await page.getByRole('link', { name: 'Mailbox' }).click();
  await page.getByLabel('Recipient contains').fill(to);
  await page.getByRole('button', { name: 'Filter' }).click();
  const mail = page.getByTestId('mail').filter({ has: page.getByRole('heading', { name: subject }) }).first();
  await expectVisible(mail);
  await mail.getByRole('link').first().click();
}

async function confirmEmail(page: Page, email: string, name: string) {
  await followLinkInMailbox(page, email, 'Confirm your e-mail address');
  await expectHeading(page, 'Confirm your e-mail');
  await shot(page, `${name}-confirm-email`);
  await page.getByRole('button', { name: 'Confirm my e-mail' }).click();
  await expectPath(page, '/login');
  await expectFlash(page, 'Your e-mail address is confirmed.');
}

async function logIn(page: Page, identifier: string, password: string) {
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await page.getByLabel('E-mail or mobile number').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expectPath(page, '/login');
  await expectFlash(page, 'You have logged out.');
}

async function expectPath(page: Page, pathname: string) {
  await page.waitForURL((url) => url.pathname === pathname);
}

async function expectVisible(locator: ReturnType<Page['locator']>) {
  await locator.waitFor({ state: 'visible', timeout: 20_000 });
}

async function expectHeading(page: Page, text: string | RegExp) {
  await expectVisible(page.getByRole('heading', { level: 1, name: text }));
}

async function expectFlash(page: Page, text: string) {
  await expectVisible(page.locator('.flash').filter({ hasText: text }));
}

const newPerson = (firstName: string) => ({ firstName, lastName: 'Fernandes', email: uniqueEmail(firstName.toLowerCase()), phone: uniquePhone() });

describe('in a real browser', () => {
  it('a patient registers, confirms the e-mail from the mailbox, logs in and logs out', async () => {
    const { page, problems } = await openBrowser();
    const patient = newPerson('Meena');

    await page.goto('/');
    await expectHeading(page, 'Care, booked simply.');
    await shot(page, 'patient-01-home');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' }).click();
    await expectPath(page, '/register');
    await expectHeading(page, 'Create your patient account');
    await fillPersonAndPassword(page, patient);
    await page.getByLabel('Blood group (optional)').selectOption('O-');
    await shot(page, 'patient-02-register-filled');
    await page.getByRole('button', { name: 'Create account' }).click();

    await expectPath(page, '/login');
    await expectFlash(page, 'We have sent a confirmation link to the e-mail address you gave');
    await shot(page, 'patient-03-check-inbox');

    await confirmEmail(page, patient.email, 'patient-04');
    await shot(page, 'patient-05-confirmed');

    await logIn(page, patient.email, NEW_PASSWORD);
    await expectPath(page, '/patient');
    await expectHeading(page, `Hello, ${patient.firstName}`);
    expect(await page.getByTestId('current-user').textContent()).toBe(`${patient.firstName} ${patient.lastName}`);
    await shot(page, 'patient-06-home');

    await logOut(page);
    await shot(page, 'patient-07-logged-out');
    await page.goto('/patient');
    await expectPath(page, '/login');

    expect(problems).toEqual([]);
  });

  it('a doctor registers and waits, an admin approves, and the doctor then sees the dashboard', async () => {
    const doctorBrowser = await openBrowser();
    const adminBrowser = await openBrowser();
    const { page } = doctorBrowser;
    const doctor = newPerson('Kiran');

    await page.goto('/');
    await page.getByRole('link', { name: 'Join as a doctor' }).click();
    await expectPath(page, '/register/doctor');
    await expectHeading(page, 'Join as a doctor');
    await fillPersonAndPassword(page, doctor);
    await page.getByLabel('Specialty').selectOption({ label: 'Neurology' });
    await page.getByLabel('Hospital').selectOption({ label: 'Riverside Medical Centre, Pune' });
    await page.getByLabel('Qualifications').fill('MBBS, MD (Medicine)');
    await page.getByLabel('Years of experience').fill('6');
    await page.getByLabel('Consultation fee (₹)').fill('750');
    await shot(page, 'doctor-01-register-filled');
    await page.getByRole('button', { name: 'Send registration' }).click();
    await expectPath(page, '/login');
    await expectFlash(page, 'We have sent a confirmation link');

    await confirmEmail(page, doctor.email, 'doctor-02');
    await logIn(page, doctor.email, NEW_PASSWORD);
    await expectPath(page, '/doctor');
    await expectHeading(page, `Thanks, Dr ${doctor.lastName} — almost there`);
    await expectVisible(page.getByText('Neurology', { exact: true }));
    await expectVisible(page.getByText('Riverside Medical Centre', { exact: true }));
    await shot(page, 'doctor-03-awaiting-approval');
    await logOut(page);

    const admin = adminBrowser.page;
    await logIn(admin, 'admin@medtrack.local', e2e.portal.deps.config.adminPassword);
    await passTwoStepIn(admin, 'admin@medtrack.local');
    await expectPath(admin, '/admin');
    await admin.getByRole('link', { name: /Doctors awaiting approval/ }).click();
    await expectHeading(admin, 'Doctors');
    const row = admin.getByTestId(`doctor-${doctor.email}`);
    await expectVisible(row.getByRole('heading', { name: `Dr ${doctor.firstName} ${doctor.lastName}` }));
    await shot(admin, 'doctor-04-admin-pending-list');
    await row.getByRole('button', { name: 'Approve' }).click();
    await expectFlash(admin, `Dr ${doctor.firstName} ${doctor.lastName} is approved and has been told by e-mail.`);
    expect(await admin.getByTestId(`doctor-${doctor.email}`).count()).toBe(0);
    await shot(admin, 'doctor-05-admin-approved');

    await logIn(page, doctor.email, NEW_PASSWORD);
    await expectPath(page, '/doctor');
    await expectHeading(page, 'Today');
    await expectVisible(page.getByText(`Dr ${doctor.firstName} ${doctor.lastName}`, { exact: false }).first());
    await expectVisible(page.getByText('Neurology · Riverside Medical Centre'));
    await shot(page, 'doctor-06-dashboard');

    await page.getByRole('link', { name: 'Mailbox' }).click();
    await page.getByLabel('Recipient contains').fill(doctor.email);
    await page.getByRole('button', { name: 'Filter' }).click();
    const newest = page.getByTestId('mail').first();
    await expectVisible(newest.getByRole('heading', { name: 'Your MedTrack doctor account is approved' }));
    await shot(page, 'doctor-07-approval-mail');

    expect([...doctorBrowser.problems, ...adminBrowser.problems]).toEqual([]);
  });
});
