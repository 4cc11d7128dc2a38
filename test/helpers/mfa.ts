/** Two-step sign-in as a test drives it: the set-up page read like a person reads it, codes from its secret. */
import { generate } from 'otplib';
import { $, submit, type Agent } from './http';
import { currentStep } from './two-step';

/** The key the set-up page shows for typing into an app (spaces removed), and its QR image. */
export async function setupPage(agent: Agent): Promise<{ secret: string; qrSrc: string; status: number }> {
  const page = await agent.get('/account/two-step/setup');
  const html = $(page.text);
  return { secret: html('[data-testid=mfa-secret]').text().replace(/\s+/g, ''), qrSrc: html('.qr-code img').attr('src') ?? '', status: page.status };
}

/** The code an authenticator shows for `secret`, `steps` time steps from now. */
export const codeFor = (secret: string, steps = 0) => generate({ secret, epoch: ((currentStep() + steps) * 30_000) / 1000 });

/** Sets up two-step sign-in on the signed-in agent; returns the secret and the recovery codes shown once. */
export async function enrol(agent: Agent): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = await setupPage(agent);
  const response = await submit(agent, '/account/two-step/setup', '/account/two-step/setup', { code: await codeFor(secret) });
  if (response.status !== 200) throw new Error(`set-up refused: ${response.status}`);
  const recoveryCodes = $(response.text)('[data-testid=recovery-codes] code').map((_i, el) => $(response.text)(el).text()).get();
  return { secret, recoveryCodes };
}
