import { randomInt } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import * as passwords from '../../../src/auth/passwords';
import { updateUser } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, csrfFrom, messages, passSecondStep, sessionCookie, submit, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient, PASSWORD, uniqueEmail } from '../../helpers/users';

const { app, deps } = buildTestApp();
/** Locks after 3 failures, so the lockout tests stay short. */
const locking = buildTestApp({ MEDTRACK_LOGIN_FAILURES_BEFORE_LOCK: '3', MEDTRACK_LOCKOUT_MINUTES: '15' }).app;
/** Reads the client address from X-Forwarded-For and allows 5 requests per address. */
const ipLimited = buildTestApp({ MEDTRACK_TRUST_PROXY_HOPS: '1', MEDTRACK_RATE_LIMIT_PER_IP: '5' }).app;

const WRONG = 'not the password at all';
const NO_MATCH = 'That e-mail or mobile number and password do not match an account.';

function logIn(target: Express, identifier: string, password: string, extra: Record<string, string> = {}, agent: Agent = request.agent(target)) {
  return submit(agent, '/login', '/login', { identifier, password, ...extra });
}

const nationalForm = (e164: string) => e164.replace(/^\+91/, '');
const spacedForm = (e164: string) => `+91 ${e164.slice(3, 8)} ${e164.slice(8)}`;
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

beforeAll(() => ensureCityGeneralCardiology(deps));

describe('logging in', () => {
  it('with an e-mail in any letter case opens the patient home, signed in as that patient', async () => {
    const patient = await aPatient(deps, { firstName: 'Kavya' });
    const agent = request.agent(app);
    const response = await logIn(app, patient.email.toUpperCase(), PASSWORD, {}, agent);

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/patient');
    const home = $((await agent.get('/patient').expect(200)).text);
    expect(home('main h1').text()).toBe('Hello, Kavya');
    expect(home('[data-testid=current-user]').text()).toBe('Kavya Patient');
  });

  it.each([
    ['international (E.164)', (phone: string) => phone],
    ['national', nationalForm],
    ['spaced international', spacedForm],
  ])('with the mobile number in %s form', async (_form, typed) => {
    const patient = await aPatient(deps);
    const response = await logIn(app, typed(patient.phone), PASSWORD);

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/patient');
  });

  it('sends doctors and admins to their own home pages', async () => {
    const doctor = await aDoctor(deps, { lastName: 'Menon' });
    const admin = await anAdmin(deps);
    const doctorAgent = request.agent(app);

    expect((await logIn(app, doctor.email, PASSWORD, {}, doctorAgent)).headers.location).toBe('/doctor');
    expect($((await doctorAgent.get('/doctor').expect(200)).text)('main .lede').text()).toContain('Dr Test Menon');
    // An admin's password leads to the second step first (two-step sign-in is required for admins).
    const adminAgent = request.agent(app);
    expect((await logIn(app, admin.email, PASSWORD, {}, adminAgent)).headers.location).toBe('/login/two-step');
    expect((await passSecondStep(adminAgent, admin.email)).headers.location).toBe('/admin');
  });

  it('returns to the page that asked for the log-in', async () => {
    const patient = await aPatient(deps);
    const agent = request.agent(app);
    const asked = await agent.get('/account/password');
    expect(asked.headers.location).toBe('/login?next=%2Faccount%2Fpassword');

    const page = await agent.get(asked.headers.location);
    expect($(page.text)('input[name=next]').val()).toBe('/account/password');
    const response = await logIn(app, patient.email, PASSWORD, { next: '/account/password' }, agent);
    expect(response.headers.location).toBe('/account/password');
    expect($((await agent.get('/account/password').expect(200)).text)('main h1').text()).toBe('Change password');
  });

  it.each(['//evil.com', 'https://evil.com', '/\\evil.com'])('never returns to another site, even when asked with next=%s', async (next) => {
    const patient = await aPatient(deps);
    const page = await request(app).get(`/login?next=${encodeURIComponent(next)}`);
    expect($(page.text)('input[name=next]')).toHaveLength(0);

    const response = await logIn(app, patient.email, PASSWORD, { next });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/patient');
  });

  it('answers a wrong password and an unknown account with the same page, so nobody learns who is registered', async () => {
    const patient = await aPatient(deps);
    const unknown = uniqueEmail('nobody');
    const agent = request.agent(app);
    const wrong = await logIn(app, patient.email, WRONG, {}, agent);
    const missing = await logIn(app, unknown, WRONG);

    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(messages(wrong.text)).toContain(NO_MATCH);
    const sameShape = (html: string, identifier: string) => {
      const page = $(html);
      page('input[name=_csrf]').remove();
      return page('main').html()!.replace(identifier, '<identifier>');
    };
    expect(sameShape(wrong.text, patient.email)).toBe(sameShape(missing.text, unknown));
    expect(Boolean(sessionCookie(wrong))).toBe(Boolean(sessionCookie(missing)));
    expect((await agent.get('/patient')).headers.location).toBe('/login?next=%2Fpatient');
  });

  it('asks for both fields when they are left empty', async () => {
    const response = await logIn(app, '', '');

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-identifier-error').text()).toBe('Enter your e-mail or mobile number');
    expect(page('#f-password-error').text()).toBe('Enter your password');
  });

  it('refuses a deactivated account even with the right password, and starts no session', async () => {
    const patient = await aPatient(deps);
    await updateUser(deps.db, patient, { status: 'inactive' });
    const agent = request.agent(app);
    const response = await logIn(app, patient.email, PASSWORD, {}, agent);

    expect(response.status).toBe(403);
    expect(messages(response.text)).toContain('This account has been deactivated. Please contact the hospital.');
    expect((await agent.get('/patient')).status).toBe(302);
  });
});

describe('after repeated failures (T-AUTH-01)', () => {
  const LOCKED = 'Too many failed attempts. Try again in 15 minutes, or reset your password.';

  async function failTimes(identifier: string, times: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < times; i += 1) statuses.push((await logIn(locking, identifier, WRONG)).status);
    return statuses;
  }

  it('locks the account after 3 failures: then even the right password gets 429 with Retry-After', async () => {
    const patient = await aPatient(deps);
    expect(await failTimes(patient.email, 3)).toEqual([401, 401, 401]);

    const agent = request.agent(locking);
    const response = await logIn(locking, patient.email, PASSWORD, {}, agent);
    expect(response.status).toBe(429);
    expect(messages(response.text)).toContain(LOCKED);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await agent.get('/patient')).status).toBe(302);
  });

  it('locks an identifier nobody uses in exactly the same way', async () => {
    const patient = await aPatient(deps);
    const unknown = uniqueEmail('nobody');
    expect(await failTimes(patient.email, 3)).toEqual(await failTimes(unknown, 3));

    const known = await logIn(locking, patient.email, WRONG);
    const missing = await logIn(locking, unknown, WRONG);
    expect([known.status, missing.status]).toEqual([429, 429]);
    expect(messages(missing.text)).toBe(messages(known.text));
    expect(missing.headers['retry-after']).toBeDefined();
  });

  it('counts a mobile number typed in different formats as one identifier', async () => {
    const patient = await aPatient(deps);
    for (const typed of [patient.phone, nationalForm(patient.phone), spacedForm(patient.phone)]) {
      expect((await logIn(locking, typed, WRONG)).status).toBe(401);
    }

    expect((await logIn(locking, patient.phone, PASSWORD)).status).toBe(429);
  });

  it('starts counting again after a successful log-in', async () => {
    const patient = await aPatient(deps);
    expect(await failTimes(patient.email, 2)).toEqual([401, 401]);
    expect((await logIn(locking, patient.email, PASSWORD)).status).toBe(303);
    expect(await failTimes(patient.email, 2)).toEqual([401, 401]);

    expect((await logIn(locking, patient.email, PASSWORD)).status).toBe(303);
  });

  it('checks no more than 3 passwords when 12 guesses arrive at once', async () => {
    const patient = await aPatient(deps);
    const agents = Array.from({ length: 12 }, () => request.agent(locking));
    const tokens = await Promise.all(agents.map((agent) => csrfFrom(agent, '/login')));
    // T-AUTH-01(a) limits the guesses *checked*: the statuses alone look right even when all 12 were.
    const checks = jest.spyOn(passwords, 'verifyPassword');
    try {
      const responses = await Promise.all(
        agents.map((agent, i) => agent.post('/login').type('form').send({ identifier: patient.email, password: WRONG, _csrf: tokens[i] })),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(3).fill(401), ...Array(9).fill(429)]);
      expect(checks).toHaveBeenCalledTimes(3);
    } finally {
      checks.mockRestore();
    }
    expect((await logIn(locking, patient.email, PASSWORD)).status).toBe(429);
  });

  it('lets the same account log in from five places at once (resetting the count races with counting)', async () => {
    const patient = await aPatient(deps);
    // The default limit of 10: every one of the five is within it, so none may fail.
    const agents = Array.from({ length: 5 }, () => request.agent(app));
    const tokens = await Promise.all(agents.map((agent) => csrfFrom(agent, '/login')));
    const responses = await Promise.all(
      agents.map((agent, i) => agent.post('/login').type('form').send({ identifier: patient.email, password: PASSWORD, _csrf: tokens[i] })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(303));
  });
});

describe('per network address', () => {
  it('refuses the 6th log-in request from one address in 15 minutes, while other addresses carry on', async () => {
    const patient = await aPatient(deps);
    const ip = uniqueIp();
    const from = (address: string) => request.agent(ipLimited).set('X-Forwarded-For', address);
    for (let i = 0; i < 5; i += 1) {
      expect((await logIn(ipLimited, uniqueEmail('guess'), WRONG, {}, from(ip))).status).toBe(401);
    }

    const refused = await logIn(ipLimited, patient.email, PASSWORD, {}, from(ip));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(messages(refused.text)).toContain('Too many attempts. Please wait a few minutes and try again.');
    expect((await logIn(ipLimited, patient.email, PASSWORD, {}, from(uniqueIp()))).headers.location).toBe('/patient');
  });
});
