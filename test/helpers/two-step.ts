/**
 * Codes for two-step sign-in, as the admin's authenticator app would show them. Test admins are
 * enrolled with TOTP_SECRET (helpers/users.ts); the app refuses a code of a time step it has
 * already accepted (no replay), so each code here is of a step this process has not used for
 * that account yet: the current one, else the next (which the app accepts, clocks drift), else
 * it waits for the next step to begin, as a person would.
 */
import { setTimeout } from 'node:timers/promises';
import { generate } from 'otplib';

export const TOTP_SECRET = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';

const PERIOD_MS = 30_000;
const lastStepUsed = new Map<string, number>();

/** A code from `secret` that the app has not accepted for `account` yet (as far as this process knows). */
export async function freshCode(account: string, secret = TOTP_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / PERIOD_MS);
  const key = `${account.toLowerCase()}|${secret}`;
  const step = Math.max(now, (lastStepUsed.get(key) ?? -1) + 1);
  if (step > now + 1) await setTimeout((step - 1) * PERIOD_MS - Date.now() + 100);
  lastStepUsed.set(key, step);
  return generate({ secret, epoch: (step * PERIOD_MS) / 1000 });
}

/** Tells the helper that the app has accepted this step for the account by another way (a browser, a test's own request). */
export function markStepUsed(account: string, step: number, secret = TOTP_SECRET): void {
  const key = `${account.toLowerCase()}|${secret}`;
  lastStepUsed.set(key, Math.max(step, lastStepUsed.get(key) ?? -1));
}

export const currentStep = () => Math.floor(Date.now() / PERIOD_MS);
