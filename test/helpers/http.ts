/** supertest agents that behave like a browser: they read CSRF tokens from forms and log in. */
import * as cheerio from 'cheerio';
import request from 'supertest';
import type { Express } from 'express';
import { freshCode } from './two-step';
import { PASSWORD } from './users';

export type Agent = ReturnType<typeof request.agent>;

export const $ = (html: string) => cheerio.load(html);

/** The CSRF token of the first form on a page. */
export async function csrfFrom(agent: Agent, path: string): Promise<string> {
  const page = await agent.get(path);
  const token = $(page.text)('input[name=_csrf]').first().val();
  if (typeof token !== 'string' || !token) throw new Error(`no CSRF token on ${path} (status ${page.status})`);
  return token;
}

/** Submits a form the way a browser would: first loads the page that holds it. */
export async function submit(agent: Agent, formPage: string, action: string, fields: Record<string, string | number>) {
  const _csrf = await csrfFrom(agent, formPage);
  return agent.post(action).type('form').send({ ...fields, _csrf });
}

/** Logs in through the real forms; a staff member with two-step sign-in types a fresh code from the authenticator (helpers/two-step.ts). */
export async function signIn(app: Express, identifier: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const response = await submit(agent, '/login', '/login', { identifier, password });
  if (response.status !== 303) throw new Error(`log-in failed for ${identifier}: ${response.status}`);
  if (response.headers.location === '/login/two-step') await passSecondStep(agent, identifier);
  return agent;
}

/** The log-in's second step, with a code from TOTP_SECRET (or `secret`). */
export async function passSecondStep(agent: Agent, identifier: string, secret?: string) {
  const response = await submit(agent, '/login/two-step', '/login/two-step', { code: await freshCode(identifier, secret) });
  if (response.status !== 303) throw new Error(`second step of the log-in failed for ${identifier}: ${response.status}`);
  return response;
}

/** The session cookie's value from a response, if one was set. */
export function sessionCookie(response: { headers: Record<string, unknown> }, name = 'medtrack.sid'): string | undefined {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}

/** Every flash and error text on a page, for assertions that read like what a user sees. */
export function messages(html: string): string {
  const page = $(html);
  return page('.flash, .error-summary, .field-error, main h1, main p').text().replace(/\s+/g, ' ');
}
