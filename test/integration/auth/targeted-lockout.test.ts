/**
 * An attacker cannot lock the real owner out (OWASP's device cookie): the hard lock is per account
 * and client, untrusted clients share the account's hourly limit (T-AUTH-01) and a growing delay,
 * staff are alerted, and a browser that signed in before still gets in.
 */
import { randomInt } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import * as passwords from '../../../src/auth/passwords';
import { buildTestApp } from '../../helpers/app';
import { submit, type Agent } from '../../helpers/http';
import { aPatient, PASSWORD } from '../../helpers/users';

/** Reads the client address from X-Forwarded-For; locks a client after 3 failures; 6 untrusted failures an hour per account; alerts at 5. */
const { app, deps } = buildTestApp({
  MEDTRACK_TRUST_PROXY_HOPS: '1',
  MEDTRACK_LOGIN_FAILURES_BEFORE_LOCK: '3',
  MEDTRACK_LOGIN_FAILURES_PER_ACCOUNT_HOUR: '6',
  MEDTRACK_LOGIN_ATTACK_ALERT_FAILURES: '5',
});

const WRONG = 'not the password at all';
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const from = (target: Express, ip: string): Agent => request.agent(target).set('X-Forwarded-For', ip);
const logIn = (agent: Agent, identifier: string, password: string) => submit(agent, '/login', '/login', { identifier, password });

/** A browser at `ip` that has logged in to the account once (and logged out): a trusted device. */
async function trustedBrowser(email: string, ip: string): Promise<Agent> {
  const browser = from(app, ip);
  expect((await logIn(browser, email, PASSWORD)).status).toBe(303);
  expect((await submit(browser, '/account', '/logout', {})).status).toBe(303);
  return browser;
}

async function failFrom(email: string, ips: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const ip of ips) statuses.push((await logIn(from(app, ip), email, WRONG)).status);
  return statuses;
}

it('locks out only the address that failed: the owner logs in from elsewhere', async () => {
  const owner = await aPatient(deps);
  const attacker = uniqueIp();
  expect(await failFrom(owner.email, [attacker, attacker, attacker, attacker])).toEqual([401, 401, 401, 429]);

  expect((await logIn(from(app, attacker), owner.email, PASSWORD)).status).toBe(429);
  expect((await logIn(from(app, uniqueIp()), owner.email, PASSWORD)).headers.location).toBe('/patient');
});

it('lets a browser that signed in before log in while its own address is locked out (shared network)', async () => {
  const owner = await aPatient(deps);
  const office = uniqueIp();
  const browser = await trustedBrowser(owner.email, office);
  await failFrom(owner.email, [office, office, office]);
  expect((await logIn(from(app, office), owner.email, PASSWORD)).status).toBe(429);

  expect((await logIn(browser, owner.email, PASSWORD)).headers.location).toBe('/patient');
});

it('checks at most the hourly limit of passwords from rotating addresses, then refuses untrusted clients but not the owner’s browser (T-AUTH-01)', async () => {
  const owner = await aPatient(deps);
  const browser = await trustedBrowser(owner.email, uniqueIp());
  const checks = jest.spyOn(passwords, 'verifyPassword');
  try {
    const statuses = await failFrom(owner.email, Array.from({ length: 8 }, uniqueIp));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    expect(checks).toHaveBeenCalledTimes(6);
  } finally {
    checks.mockRestore();
  }
  const refused = await logIn(from(app, uniqueIp()), owner.email, PASSWORD);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

  expect((await logIn(browser, owner.email, PASSWORD)).headers.location).toBe('/patient');
});

it('does not trust a device cookie of another account', async () => {
  const [owner, other] = await Promise.all([aPatient(deps), aPatient(deps)]);
  const office = uniqueIp();
  const othersBrowser = await trustedBrowser(other.email, office);
  await failFrom(owner.email, [office, office, office]);

  expect((await logIn(othersBrowser, owner.email, PASSWORD)).status).toBe(429);
});

it('makes untrusted clients wait longer and longer once an account is under attack', async () => {
  const owner = await aPatient(deps);
  await failFrom(owner.email, [uniqueIp(), uniqueIp(), uniqueIp()]);

  // The 5th failure of the hour is the 2nd past the free 3: it waits 500 ms before its check.
  await logIn(from(app, uniqueIp()), owner.email, WRONG);
  const started = Date.now();
  expect((await logIn(from(app, uniqueIp()), owner.email, WRONG)).status).toBe(401);
  expect(Date.now() - started).toBeGreaterThanOrEqual(500);
});

it('alerts staff once when an account’s failures reach the alert level, naming nobody', async () => {
  const owner = await aPatient(deps);
  const raise = jest.spyOn(deps.alerts, 'raise');
  try {
    await failFrom(owner.email, Array.from({ length: 6 }, uniqueIp));
    expect(raise).toHaveBeenCalledTimes(1);
    const [subject, message] = raise.mock.calls[0];
    expect(subject).toBe('Log-in attack on one account');
    expect(`${subject} ${message}`).not.toContain(owner.email);
    expect(`${subject} ${message}`).not.toContain(owner.lastName);
  } finally {
    raise.mockRestore();
  }
});
