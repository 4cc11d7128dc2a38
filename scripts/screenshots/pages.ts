/** What the screenshot script visits: every page, as the role that sees it, in the order a user would. */
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { demoLogins } from '../../src/seed';
import { labPdf } from '../../test/helpers/lab-pdfs';
import { passTwoStep } from './two-step';

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
export type Viewport = keyof typeof VIEWPORTS;

export interface Shot {
  name: string;
  open(page: Page): Promise<unknown>;
}

export interface Role {
  name: string;
  setUp?(page: Page): Promise<unknown>;
  pages: Shot[];
}

/** The server is started with our environment, so its config gives the same admin password. */
const logins = Object.fromEntries(demoLogins(loadConfig()).map((l) => [l.role, l]));
const PASSWORD = 'screenshots-password';

const visit = (path: string): Shot['open'] => (page) => page.goto(path);

/** Clicks a submit button and waits for the page the server answers with (a redirect or a re-render). */
async function submit(page: Page, button: string): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.getByRole('main').getByRole('button', { name: button, exact: true }).click();
  await navigated;
  await page.waitForLoadState('load');
}

async function logIn(page: Page, identifier: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail or mobile number').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await submit(page, 'Log in');
  await passTwoStep(page, identifier, submit);
}

async function openMailbox(page: Page, to: string): Promise<void> {
  await page.goto('/dev/mailbox');
  await page.getByLabel('Recipient contains').fill(to);
  await submit(page, 'Filter');
}

/** The prescription of the patient's newest past visit that has one (the demo's visits carry medicines). */
async function openPastPrescription(page: Page): Promise<void> {
  await page.goto('/appointments');
  const visits = await page.locator('[data-testid=past] [data-testid=appointment]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  for (const href of visits) {
    await page.goto(href);
    const open = page.getByTestId('open-prescription');
    if (await open.count()) {
      await open.click();
      await page.waitForURL(/\/prescriptions\/[0-9a-f-]{36}$/);
      return;
    }
  }
  throw new Error('No past visit of the demo patient has a prescription');
}

/** When a form that sends a mail was last submitted (the mailbox shows whole seconds). */
let mailAskedAt = 0;

async function submitForMail(page: Page, button: string): Promise<void> {
  mailAskedAt = Math.floor(Date.now() / 1000) * 1000;
  await submit(page, button);
}

/** The outbox sends a moment after the request: reads the mailbox again until the asked-for mail is the newest. */
async function openNewMail(page: Page, to: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await openMailbox(page, to);
    const newest = page.getByTestId('mail').first().locator('time');
    const sentAt = (await newest.count()) ? await newest.getAttribute('datetime') : null;
    if ((sentAt && Date.parse(sentAt) >= mailAskedAt) || Date.now() > deadline) return;
    await page.waitForTimeout(250);
  }
}

async function followNewestLink(page: Page, to: string): Promise<void> {
  await openNewMail(page, to);
  await page.getByTestId('mail').first().locator('a').first().click();
  await page.waitForLoadState('load');
}

function newPerson(label: string) {
  const tag = `${Date.now().toString(36)}${randomInt(1000)}`;
  return { firstName: label, lastName: 'Fernandes', email: `${label.toLowerCase()}.${tag}@example.com`, phone: `+9197${String(randomInt(1e8)).padStart(8, '0')}` };
}

async function fillRegistration(page: Page, person: ReturnType<typeof newPerson>): Promise<void> {
  await page.getByLabel('First name').fill(person.firstName);
  await page.getByLabel('Last name').fill(person.lastName);
  await page.getByLabel('Date of birth').fill('1991-08-21');
  await page.getByLabel('Gender').selectOption('female');
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Mobile number').fill(person.phone);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
}

/** A doctor who registered and confirmed the e-mail, and whom the admin turned down. */
export async function setUpRejectedDoctor(browser: Browser, baseUrl: string): Promise<string> {
  const context = await browser.newContext({ baseURL: baseUrl });
  const page = await context.newPage();
  const doctor = newPerson('Tara');
  await page.goto('/register/doctor');
  await fillRegistration(page, doctor);
  await page.getByLabel('Specialty').selectOption('dermatology');
  await page.getByLabel('Hospital').selectOption({ label: 'City General Hospital, Bengaluru' });
  await page.getByLabel('Qualifications').fill('BAMS');
  await page.getByLabel('Years of experience').fill('3');
  await page.getByLabel('Consultation fee (₹)').fill('400');
  await submitForMail(page, 'Send registration');
  await followNewestLink(page, doctor.email);
  await submit(page, 'Confirm my e-mail');
  await logIn(page, logins.admin.email, logins.admin.password);
  await page.goto('/admin/doctors?status=pending');
  const row = page.getByTestId(`doctor-${doctor.email}`);
  await row.getByLabel('Reason for rejecting').fill('We could not verify your medical council registration number. Please register again with it.');
  await row.getByRole('button', { name: 'Reject' }).click();
  await page.waitForLoadState('load');
  await context.close();
  return doctor.email;
}

/** The working-hours page after a bad plan, bad leave, and leave added (from a page already open). */
const scheduleShots: Shot[] = [
  {
    name: 'schedule-errors',
    open: async (page) => {
      await page.getByLabel('Tuesday, range 2, from').fill('12:00');
      await page.getByLabel('Tuesday, range 2, until').fill('11:00');
      await page.getByLabel('Visit length').selectOption('');
      await submit(page, 'Save working hours');
    },
  },
  { name: 'schedule-leave-errors', open: (page) => submit(page, 'Add leave') },
  {
    name: 'schedule-leave-added',
    open: async (page) => {
      // Over the morning the patient booked with this doctor, so the page warns about that visit.
      await page.getByLabel('First day').fill(BOOKING_DATE);
      await page.getByLabel('Last day').fill(BOOKING_DATE);
      await page.getByLabel('From (optional)').fill('09:00');
      await page.getByLabel('Until (optional)').fill('11:00');
      await page.getByLabel('Reason').fill('Cardiology society meeting');
      await submit(page, 'Add leave');
    },
  },
];

/** A patient's profile: the form, refused values, and saved health details (her doctor's visit page shows them). */
const profileShots: Shot[] = [
  { name: 'profile', open: visit('/account/profile') },
  {
    name: 'profile-errors',
    open: async (page) => {
      await page.getByLabel('Date of birth').fill('2999-01-01');
      await page.getByLabel('Name', { exact: true }).fill('Arun');
      await page.getByLabel('Their phone number').fill('12345');
      await submit(page, 'Save profile');
    },
  },
  {
    name: 'profile-saved',
    open: async (page) => {
      await page.goto('/account/profile');
      await page.getByLabel('Address (optional)').fill('14 Lake View Road\nIndiranagar, Bengaluru 560038');
      await page.getByLabel('Allergies').fill('Penicillin: rash\nPeanuts');
      await page.getByLabel('Long-term conditions').fill('Asthma');
      await page.getByLabel('Medicines you take now').fill('Salbutamol inhaler when needed');
      await page.getByLabel('Name', { exact: true }).fill('Arun Sharma');
      await page.getByLabel('Relationship to you').fill('Brother');
      await page.getByLabel('Their phone number').fill('+91 98450 12345');
      await submit(page, 'Save profile');
    },
  },
];

/** Changing the e-mail address (link to the new one) and the mobile number (code to the new one). */
function contactChangeShots(person: () => { email: string }): Shot[] {
  const moved = () => `moved.${person().email}`;
  return [
    { name: 'change-email', open: visit('/account/email') },
    { name: 'change-email-errors', open: (page) => submit(page, 'Send the link') },
    {
      name: 'change-email-sent',
      open: async (page) => {
        await page.getByLabel('New e-mail address').fill(moved());
        await page.getByLabel('Current password').fill(PASSWORD);
        await submitForMail(page, 'Send the link');
      },
    },
    { name: 'change-email-confirm', open: (page) => followNewestLink(page, moved()) },
    { name: 'change-email-done', open: (page) => submit(page, 'Use this e-mail address') },
    { name: 'change-phone', open: visit('/account/phone/change') },
    {
      name: 'change-phone-code-sent',
      open: async (page) => {
        await page.getByLabel('New mobile number').fill(`+9196${String(randomInt(1e8)).padStart(8, '0')}`);
        await page.getByLabel('Current password').fill(PASSWORD);
        await submit(page, 'Text me a code');
      },
    },
    {
      name: 'change-phone-code-wrong',
      open: async (page) => {
        await page.getByLabel('Code from the text message').fill('000000');
        await submit(page, 'Change number');
      },
    },
  ];
}

/** A Friday ahead in the hospital's zone: every demo cardiologist works then. */
const BOOKING_DATE = (() => {
  let day = DateTime.now().setZone('Asia/Kolkata').plus({ days: 2 });
  while (day.weekday !== 5) day = day.plus({ days: 1 });
  return day.toISODate()!;
})();

/**
 * The medical vault as the patient sees it. The upload goes by XMLHttpRequest (progress bar), so
 * these steps wait for what the page shows rather than for a navigation.
 */
const vaultShots: Shot[] = [
  { name: 'records', open: visit('/records') },
  // The lab report the demo seed stored in her vault, with its reading.
  { name: 'records-file-seeded', open: (page) => page.getByRole('link', { name: 'Yearly check-up blood tests' }).click().then(() => page.waitForURL(/\/files\/[0-9a-f-]{36}$/)) },
  { name: 'records-upload', open: visit('/records/upload') },
  {
    name: 'records-upload-errors',
    open: async (page) => {
      await page.getByRole('button', { name: 'Add the file' }).click();
      await page.locator('#f-file-error').waitFor();
    },
  },
  {
    name: 'records-file-lab-report',
    open: async (page) => {
      await page.goto('/records/upload');
      await page.getByLabel('Title').fill('Blood test, March');
      await page.getByLabel('What kind of file is it?').selectOption({ label: 'Lab report' });
      await page.getByLabel('Date on the report').fill('2026-03-02');
      const pdf = await labPdf({ header: ['City Diagnostics', 'Complete blood count'], table: [['Haemoglobin', '11.2', 'g/dL', '12.0 - 15.5'], ['Platelets', '250', '10^3/uL', '150 - 410'], ['HbA1c', '6.1', '%', '< 5.7']] });
      await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'cbc-march.pdf', mimeType: 'application/pdf', buffer: pdf });
      await page.getByRole('button', { name: 'Add the file' }).click();
      await page.locator('[data-testid=download]').waitFor();
    },
  },
  { name: 'records-list', open: visit('/records') },
  { name: 'records-deleted', open: visit('/records/deleted') },
];

export function pagesByRole(rejectedDoctorEmail: string): Role[] {
  // A new patient per viewport: each registers afresh.
  let newPatient = newPerson('Meena');
  return [
    {
      name: 'anonymous',
      pages: [
        { name: 'home', open: visit('/') },
        { name: 'register', open: visit('/register') },
        { name: 'register-errors', open: (page) => submit(page, 'Create account') },
        { name: 'register-doctor', open: visit('/register/doctor') },
        { name: 'register-doctor-errors', open: (page) => submit(page, 'Send registration') },
        { name: 'login', open: visit('/login') },
        {
          name: 'login-failed',
          open: async (page) => {
            await page.getByLabel('E-mail or mobile number').fill('nobody@example.com');
            await page.getByLabel('Password').fill('not the password');
            await submit(page, 'Log in');
          },
        },
        { name: 'forgot-password', open: visit('/forgot-password') },
        { name: 'forgot-password-errors', open: (page) => submit(page, 'Send reset link') },
        {
          name: 'forgot-password-sent',
          open: async (page) => {
            await page.getByLabel('E-mail').fill('rahul.sharma@medtrack.local');
            await submitForMail(page, 'Send reset link');
          },
        },
        { name: 'reset-password', open: (page) => followNewestLink(page, 'rahul.sharma@medtrack.local') },
        { name: 'reset-password-errors', open: (page) => submit(page, 'Save password') },
        { name: 'reset-password-bad-link', open: visit('/reset-password') },
        { name: 'verify-email-bad-link', open: (page) => page.goto('/verify-email?token=not-a-real-token').then(() => submit(page, 'Confirm my e-mail')) },
        { name: 'verify-email-signed-out', open: visit('/verify-email') },
        { name: 'not-found', open: visit('/no-such-page') },
        { name: 'find-doctor', open: visit('/doctors?specialty=cardiology') },
        { name: 'hospitals-ranked', open: visit('/hospitals') },
        { name: 'guidelines', open: visit('/guidelines') },
        { name: 'mailbox', open: visit('/dev/mailbox') },
      ],
    },
    {
      name: 'new-patient',
      setUp: async () => {
        newPatient = newPerson('Meena');
      },
      pages: [
        {
          name: 'registered',
          open: async (page) => {
            await page.goto('/register');
            await fillRegistration(page, newPatient);
            await submitForMail(page, 'Create account');
          },
        },
        { name: 'verify-email', open: (page) => logIn(page, newPatient.email, PASSWORD) },
        { name: 'mailbox-filtered', open: (page) => openNewMail(page, newPatient.email) },
        { name: 'confirm-email', open: (page) => followNewestLink(page, newPatient.email) },
        { name: 'confirmed', open: (page) => submit(page, 'Confirm my e-mail') },
        { name: 'account-phone-unconfirmed', open: visit('/account') },
        { name: 'phone-code-sent', open: (page) => page.goto('/account/phone').then(() => submit(page, 'Text me a code')) },
        {
          name: 'phone-code-wrong',
          open: async (page) => {
            await page.getByLabel('Code from the text message').fill('000000');
            await submit(page, 'Confirm number');
          },
        },
        ...contactChangeShots(() => newPatient),
      ],
    },
    {
      name: 'patient',
      setUp: (page) => logIn(page, logins.patient.email, logins.patient.password),
      pages: [
        { name: 'home', open: visit('/patient') },
        { name: 'book', open: visit(`/appointments/new?specialty=cardiology&date=${BOOKING_DATE}`) },
        {
          name: 'booked',
          open: async (page) => {
            // The demo doctor, so her day below has a visit on it.
            await page.getByLabel('Doctor', { exact: true }).selectOption({ label: 'Dr Ananya Rao' });
            await page.getByRole('button', { name: 'Show free times' }).click();
            await page.waitForURL(/doctorId=/);
            await page.locator('.slot').first().click();
            await page.getByLabel('Reason for the visit').fill('Chest tightness when climbing stairs');
            await page.getByRole('button', { name: 'Book appointment' }).click();
            await page.waitForURL(/\/appointments\/[0-9a-f-]{36}$/);
          },
        },
        // Asks before cancelling; the shot stops at the question, so the visit stays booked.
        { name: 'cancel-confirm', open: (page) => page.getByRole('link', { name: 'Cancel appointment…' }).click().then(() => page.waitForURL(/\/cancel$/)) },
        { name: 'appointments', open: visit('/appointments') },
        { name: 'prescription', open: openPastPrescription },
        { name: 'prescription-pharmacy-view', open: (page) => page.getByTestId('pharmacy-view').click().then(() => page.waitForURL(/\/verify\/prescriptions\//)) },
        { name: 'record-access', open: visit('/account/record-access') },
        { name: 'timeline', open: visit('/timeline') },
        { name: 'timeline-filtered', open: visit('/timeline?kind=diagnosis&kind=prescription') },
        { name: 'timeline-files', open: visit('/timeline?kind=visit&kind=file') },
        ...vaultShots,
        { name: 'inbox', open: visit('/inbox') },
        { name: 'account', open: visit('/account') },
        ...profileShots,
        { name: 'change-password', open: visit('/account/password') },
        { name: 'change-password-errors', open: (page) => submit(page, 'Change password') },
        { name: 'forbidden', open: visit('/admin') },
        {
          name: 'logged-out',
          open: async (page) => {
            await page.goto('/patient');
            await page.getByRole('button', { name: 'Log out' }).click();
            await page.waitForURL(/signedOut/);
          },
        },
      ],
    },
    {
      name: 'doctor',
      setUp: (page) => logIn(page, logins.doctor.email, logins.doctor.password),
      pages: [
        { name: 'home', open: visit('/doctor') },
        { name: 'day-with-visits', open: visit(`/doctor?date=${BOOKING_DATE}`) },
        { name: 'inbox', open: visit('/inbox') },
        {
          // The demo patient's visit: her health details from her profile, for her doctor.
          name: 'visit-patient-health',
          open: async (page) => {
            await page.goto(`/doctor?date=${BOOKING_DATE}`);
            await page.getByRole('main').locator('td[data-label=Patient] a').first().click();
            await page.waitForURL(/\/appointments\/[0-9a-f-]{36}$/);
          },
        },
        {
          // From the day list: the health timeline of a patient the doctor cares for.
          name: 'patient-timeline',
          open: async (page) => {
            await page.goto(`/doctor?date=${BOOKING_DATE}`);
            await page.getByTestId('timeline-link').first().click();
            await page.waitForURL(/\/patients\/[0-9a-f-]{36}\/timeline$/);
          },
        },
        {
          // The demo patient's files, from the day list, and the lab report she added (with its reading beside it).
          name: 'patient-files',
          open: async (page) => {
            await page.goto(`/doctor?date=${BOOKING_DATE}`);
            await page.getByRole('main').locator('[data-testid=patient-files]').first().click();
            await page.waitForURL(/\/files$/);
          },
        },
        { name: 'patient-file', open: (page) => page.locator('[data-testid=vault-file] a').first().click().then(() => page.waitForURL(/\/files\/[0-9a-f-]{36}$/)) },
        { name: 'day-department', open: visit(`/doctor?date=${BOOKING_DATE}&specialty=cardiology`) },
        { name: 'schedule', open: visit('/doctor/schedule') },
        ...scheduleShots,
        { name: 'public-profile', open: visit('/doctor/profile') },
        { name: 'public-profile-errors', open: (page) => page.getByLabel('Qualifications').fill('').then(() => submit(page, 'Save profile')) },
      ],
    },
    {
      name: 'pending-doctor',
      setUp: (page) => logIn(page, logins.pending.email, logins.pending.password),
      pages: [{ name: 'home', open: visit('/doctor') }, { name: 'schedule-forbidden', open: visit('/doctor/schedule') }],
    },
    { name: 'rejected-doctor', setUp: (page) => logIn(page, rejectedDoctorEmail, PASSWORD), pages: [{ name: 'home', open: visit('/doctor') }] },
    {
      name: 'admin',
      setUp: (page) => logIn(page, logins.admin.email, logins.admin.password),
      pages: [
        { name: 'home', open: visit('/admin') },
        { name: 'appointments', open: visit(`/admin/appointments?date=${BOOKING_DATE}`) },
        ...(['pending', 'approved', 'rejected'] as const).map((s) => ({ name: `doctors-${s}`, open: visit(`/admin/doctors?status=${s}`) })),
        {
          name: 'doctor-schedule',
          open: async (page) => {
            await page.goto('/admin/doctors?status=approved');
            await page.getByRole('main').getByRole('link', { name: 'Working hours' }).first().click();
            await page.waitForURL(/\/schedule$/);
          },
        },
        ...(['patient', 'doctor', 'admin'] as const).map((r) => ({ name: `users-${r}`, open: visit(`/admin/users?role=${r}`) })),
        { name: 'users-search', open: visit('/admin/users?q=a') },
        {
          name: 'user-page',
          open: async (page) => {
            await page.goto('/admin/users?role=doctor');
            await page.getByRole('main').getByRole('table').getByRole('link').first().click();
            await page.waitForURL(/\/admin\/users\/[0-9a-f-]+$/);
          },
        },
        { name: 'hospitals', open: visit('/admin/hospitals') },
        { name: 'hospital-edit', open: visit('/admin/hospitals/city-general-hospital/edit') },
        { name: 'specialty', open: visit('/admin/specialties/cardiology') },
        { name: 'specialty-retire-refused', open: (page) => submit(page, 'Retire Cardiology') },
        { name: 'hospitals-errors', open: (page) => submit(page, 'Add hospital') },
        { name: 'specialties', open: visit('/admin/specialties') },
        { name: 'specialties-errors', open: (page) => submit(page, 'Add specialty') },
        { name: 'outbox', open: visit('/admin/outbox') },
        { name: 'jobs', open: visit('/admin/jobs') },
        { name: 'archive', open: visit('/admin/archive') },
        { name: 'analytics', open: visit('/admin/analytics') },
        ...(['workload', 'fairness', 'flow'] as const).map((p) => ({ name: `analytics-${p}`, open: visit(`/admin/analytics/${p}`) })),
        { name: 'analytics-year', open: visit(`/admin/analytics/flow?from=${DateTime.now().minus({ days: 365 }).toISODate()}`) },
        { name: 'analytics-errors', open: visit('/admin/analytics/workload?from=2026-02-30') },
        { name: 'mailbox', open: visit('/dev/mailbox') },
        { name: 'two-step', open: visit('/account/two-step') },
        { name: 'sign-ins', open: visit('/account/sign-ins') },
      ],
    },
  ];
}
