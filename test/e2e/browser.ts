/**
 * Headless Chromium for the e2e tests and the screenshot script: Debian's /usr/bin/chromium
 * (CI installs it with apt), driven by playwright-core. CHROMIUM_PATH points elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { freshCode, markStepUsed, TOTP_SECRET } from '../helpers/two-step';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Root needs --no-sandbox; the rest stop Chromium calling home on a machine with no network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface PageProblem {
  /** The page open at the time. */
  url: string;
  text: string;
  /** The resource a console message is about, when Chromium says. */
  source?: string;
}

/**
 * Collects what a user would never see but a developer must: console errors (which include CSP
 * violations and failed sub-resources), uncaught exceptions and CSP reports.
 */
export function watchForProblems(page: Page): PageProblem[] {
  const problems: PageProblem[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push({ url: page.url(), text: `console ${message.type()}: ${message.text()}`, source: message.location().url });
    }
  });
  page.on('pageerror', (error) => problems.push({ url: page.url(), text: `uncaught: ${error.message}` }));
  page.on('response', (response) => {
    // A page may answer 4xx on purpose (a 404 page, a form with errors); its CSS, images and scripts may not.
    if (response.status() >= 400 && !response.request().isNavigationRequest()) {
      problems.push({ url: page.url(), text: `${response.status()} for ${response.url()}` });
    }
  });
  page.on('requestfailed', (request) => {
    // A navigation that replaces a page aborts its pending requests; that is not a fault.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push({ url: page.url(), text: `request failed: ${request.url()} ${request.failure()?.errorText ?? ''}` });
  });
  return problems;
}

/** A full-page PNG under `dir`; returns its path. */
export async function saveScreenshot(page: Page, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Where the e2e journeys save their screenshots. */
export const E2E_SHOTS = path.join(__dirname, '..', '..', 'test-results', 'e2e');

/** A fresh browser context, logged in through the real form; `setUp` runs before the first page loads. */
export async function signInAs(
  browser: Browser,
  baseURL: string,
  email: string,
  password: string,
  setUp?: (page: Page) => Promise<void>,
): Promise<{ page: Page; problems: PageProblem[] }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await setUp?.(page);
  await page.goto('/login');
  await page.getByLabel('E-mail or mobile number').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await passTwoStepIn(page, email);
  return { page, problems };
}

const stepReaders = new Map<string, (email: string) => Promise<number | undefined>>();

/** The e2e files share the demo admin: the portal lets passTwoStepIn read the last code step the app accepted for an account. */
export function readStepsWith(baseUrl: string, reader: (email: string) => Promise<number | undefined>): void {
  stepReaders.set(baseUrl, reader);
}

/**
 * After the password: if the page asks for the second step, types a code from the authenticator
 * (TOTP_SECRET unless given). Another test file may have used the same code for the same account a
 * moment ago (replay is refused), so a refused code is followed by the next one.
 */
export async function passTwoStepIn(page: Page, email: string, secret = TOTP_SECRET): Promise<void> {
  await page.waitForURL((url) => url.pathname !== '/login');
  for (let attempt = 0; attempt < 4 && new URL(page.url()).pathname === '/login/two-step'; attempt += 1) {
    const used = await stepReaders.get(new URL(page.url()).origin)?.(email);
    if (used !== undefined) markStepUsed(email, used, secret);
    await page.getByLabel('Code').fill(await freshCode(email, secret));
    const answered = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
    await page.getByRole('button', { name: 'Continue' }).click();
    await answered;
    await page.waitForLoadState('load');
    if (new URL(page.url()).pathname === '/login/two-step' && !(await page.locator('.field-error').count())) break;
  }
}
