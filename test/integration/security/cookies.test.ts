/** T-COOK-01: behind nginx over HTTPS the session cookie is a host-only, Secure, HttpOnly, SameSite __Host- cookie. */
import request from 'supertest';
import type { Response } from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { $ } from '../../helpers/http';
import { sidOf } from '../../helpers/sessions';
import { aPatient, PASSWORD } from '../../helpers/users';

const behindNginx = buildTestApp({ MEDTRACK_SECURE_COOKIES: 'true', MEDTRACK_TRUST_PROXY_HOPS: '1' });
const { app } = behindNginx;
const HTTPS = { 'X-Forwarded-Proto': 'https' };

/** Exactly the attributes express-session must write, in its order, and nothing else (no Domain). */
const HOST_ONLY_SECURE_COOKIE = /^__Host-sid=[^;]+; Path=\/; Expires=([^;]+); HttpOnly; Secure; SameSite=Lax$/;

function setCookies(response: Response): string[] {
  return (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
}

function theSessionCookie(response: Response): string {
  const cookies = setCookies(response).filter((cookie) => /^(__Host-sid|medtrack\.sid)=/.test(cookie));
  expect(cookies).toHaveLength(1);
  return cookies[0];
}

const pair = (setCookie: string) => setCookie.split(';')[0];
const expiresAt = (setCookie: string) => Date.parse(HOST_ONLY_SECURE_COOKIE.exec(setCookie)![1]);

/** Logs in the way a browser behind nginx does; supertest's own jar would not send Secure cookies over http. */
async function logInOverHttps(email: string) {
  const form = await request(app).get('/login').set(HTTPS);
  const preLogin = theSessionCookie(form);
  const _csrf = $(form.text)('input[name=_csrf]').val() as string;
  const login = await request(app).post('/login').set(HTTPS).set('Cookie', pair(preLogin)).type('form').send({ identifier: email, password: PASSWORD, _csrf });
  return { form, preLogin, login };
}

describe('T-COOK-01: the session cookie behind nginx over HTTPS', () => {
  it('is __Host-sid with Path=/, Expires, HttpOnly, Secure, SameSite=Lax and no Domain, before and after log-in', async () => {
    const patient = await aPatient(behindNginx.deps);
    const { preLogin, login } = await logInOverHttps(patient.email);

    expect(preLogin).toMatch(HOST_ONLY_SECURE_COOKIE);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/patient');
    const session = theSessionCookie(login);
    expect(session).toMatch(HOST_ONLY_SECURE_COOKIE);
    expect(session).not.toMatch(/domain=/i);
    expect(sidOf(session)).not.toBe(sidOf(preLogin));
    // Expires is the 15-minute idle window, not a long-lived persistent cookie.
    expect(expiresAt(session) - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    expect(expiresAt(session) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    const home = await request(app).get('/patient').set(HTTPS).set('Cookie', pair(session));
    expect(home.status).toBe(200);
    expect(theSessionCookie(home)).toMatch(HOST_ONLY_SECURE_COOKIE);
  });

  it('comes with the device cookie at log-in: signed, host-only, Secure, HttpOnly, SameSite=Lax, kept for 180 days', async () => {
    const patient = await aPatient(behindNginx.deps);
    const { login } = await logInOverHttps(patient.email);

    const device = setCookies(login).filter((cookie) => cookie.startsWith('__Host-medtrack.device='));
    expect(device).toHaveLength(1);
    expect(device[0]).toMatch(/^__Host-medtrack\.device=s%3A[^;]+; Max-Age=15552000; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
    expect(decodeURIComponent(pair(device[0]))).toContain(patient.id);
  });

  it('is cleared at log-out with the same Secure, Path=/ attributes, which a browser needs to delete a __Host- cookie', async () => {
    const patient = await aPatient(behindNginx.deps);
    const session = pair(theSessionCookie((await logInOverHttps(patient.email)).login));
    const home = await request(app).get('/patient').set(HTTPS).set('Cookie', session);
    const _csrf = $(home.text)('form[action="/logout"] input[name=_csrf]').val() as string;

    const logout = await request(app).post('/logout').set(HTTPS).set('Cookie', session).type('form').send({ _csrf });

    expect(logout.status).toBe(303);
    const cleared = theSessionCookie(logout);
    expect(cleared).toMatch(/^__Host-sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('is never silently dropped: a request that did not come through HTTPS is refused with 400 and no cookie', async () => {
    const patient = await aPatient(behindNginx.deps);
    const form = await request(app).get('/login');
    const login = await request(app).post('/login').type('form').send({ identifier: patient.email, password: PASSWORD });
    const plainHttp = await request(app).get('/login').set('X-Forwarded-Proto', 'http');

    for (const response of [form, login, plainHttp]) {
      expect(response.status).toBe(400);
      expect(response.text).toContain('MedTrack must be reached over HTTPS.');
      expect(setCookies(response)).toEqual([]);
    }
  });

  it('trusts X-Forwarded-Proto only from the configured proxy hop, so a client cannot fake HTTPS', async () => {
    const noProxy = buildTestApp({ MEDTRACK_SECURE_COOKIES: 'true', MEDTRACK_TRUST_PROXY_HOPS: '0' });

    const response = await request(noProxy.app).get('/login').set(HTTPS);

    expect(response.status).toBe(400);
    expect(setCookies(response)).toEqual([]);
  });

  it('still lets the load balancer probe /healthz over plain HTTP', async () => {
    const response = await request(app).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});

describe('the session cookie in local mode (plain HTTP on a laptop)', () => {
  it('is still HttpOnly, SameSite=Lax, Path=/ and host-only, just not Secure', async () => {
    const local = buildTestApp();
    const cookie = theSessionCookie(await request(local.app).get('/login'));

    expect(cookie).toMatch(/^medtrack\.sid=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
  });
});
