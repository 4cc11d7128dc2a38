/**
 * The demo admin's authenticator for the screenshot run: the first log-in sets up two-step
 * sign-in (the key read off the page, as a person would type it into an app); later log-ins type
 * a code from it, never one whose time step was used already (helpers/two-step.ts).
 */
import type { Page } from 'playwright-core';
import { freshCode } from '../../test/helpers/two-step';

const secrets = new Map<string, string>();

/** After the password: sets up or passes the second step if the page asks for it. */
export async function passTwoStep(page: Page, identifier: string, submit: (page: Page, button: string) => Promise<void>): Promise<void> {
  const path = new URL(page.url()).pathname;
  if (path === '/account/two-step/setup') {
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
    secrets.set(identifier, secret);
    await page.getByLabel('Code from the app').fill(await freshCode(identifier, secret));
    await submit(page, 'Turn on two-step sign-in');
  } else if (path === '/login/two-step') {
    const secret = secrets.get(identifier);
    if (!secret) throw new Error(`${identifier} has two-step sign-in from an earlier run: start from fresh data`);
    await page.getByLabel('Code').fill(await freshCode(identifier, secret));
    await submit(page, 'Continue');
  }
}
