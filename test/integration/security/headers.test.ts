/** T-HDR-01: every response, pages, errors, static files and JSON alike, carries the browser security headers. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import type { Response } from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { signInWithSession } from '../../helpers/sessions';
import { aPatient, anAdmin } from '../../helpers/users';

const { app, deps } = buildTestApp();

function contentSecurityPolicy(response: Response): Map<string, string[]> {
  const header = response.headers['content-security-policy'];
  expect(typeof header).toBe('string');
  return new Map(
    (header as string)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** The headers every response must carry, whoever asks and whatever the outcome. */
function expectSecurityBaseline(response: Response): void {
  const csp = contentSecurityPolicy(response);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('style-src-attr')).toEqual(["'none'"]);
  expect(csp.get('script-src-attr')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  const everySource = [...csp.values()].flat();
  expect(everySource).not.toContain("'unsafe-inline'");
  expect(everySource).not.toContain("'unsafe-eval'");
  expect(everySource).not.toContain('*');

  const hsts = response.headers['strict-transport-security'] ?? '';
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
  expect(hsts).toMatch(/includeSubDomains/);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(response.headers['referrer-policy']);
  expect(response.headers['x-powered-by']).toBeUndefined();
}

const HTML = /^text\/html/;

describe('T-HDR-01: responses to an anonymous visitor', () => {
  it.each([
    ['the home page', '/', 200, HTML],
    ['the log-in page', '/login', 200, HTML],
    ['a page that does not exist', '/does-not-exist', 404, HTML],
    ['a static stylesheet', '/css/app.css', 200, /^text\/css/],
    ['the health check', '/healthz', 200, /^application\/json/],
  ])('%s (GET %s) carries CSP, HSTS, nosniff and Referrer-Policy, and may be cached', async (_name, path, status, type) => {
    const response = await request(app).get(path);

    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(type);
    expectSecurityBaseline(response);
    expect(response.headers['cache-control'] ?? '').not.toMatch(/no-store/);
  });

  it('a refused form (403 CSRF) carries them too', async () => {
    const response = await request(app).post('/login').type('form').send({ identifier: 'someone@example.com', password: 'x' });

    expect(response.status).toBe(403);
    expectSecurityBaseline(response);
  });
});

describe('T-HDR-01: responses to a signed-in user', () => {
  let patientCookie: string;
  let adminCookie: string;

  beforeAll(async () => {
    patientCookie = (await signInWithSession(app, (await aPatient(deps)).email)).cookie;
    adminCookie = (await signInWithSession(app, (await anAdmin(deps)).email)).cookie;
  });

  it.each([
    ["the patient's home", '/patient', 'patient', 200],
    ["the admin's overview", '/admin', 'admin', 200],
    ['the change-password page', '/account/password', 'patient', 200],
    ["a page outside the patient's role", '/admin', 'patient', 403],
    ['a page that does not exist', '/does-not-exist', 'admin', 404],
  ])('%s (GET %s as %s) is never stored by the browser or a proxy', async (_name, path, who, status) => {
    const response = await request(app)
      .get(path)
      .set('Cookie', who === 'admin' ? adminCookie : patientCookie);

    expect(response.status).toBe(status);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expectSecurityBaseline(response);
  });

  it('a 500 page, when the database fails mid-request, still carries every header and no-store', async () => {
    const send = deps.db.doc.send.bind(deps.db.doc) as (...args: unknown[]) => Promise<unknown>;
    const failQueries = jest
      .spyOn(deps.db.doc, 'send')
      .mockImplementation(((command: unknown, ...rest: unknown[]) =>
        command instanceof QueryCommand ? Promise.reject(new Error('injected query failure')) : send(command, ...rest)) as never);
    try {
      const response = await request(app).get('/admin').set('Cookie', adminCookie);

      expect(failQueries).toHaveBeenCalledWith(expect.any(QueryCommand));
      expect(response.status).toBe(500);
      expect(response.text).toContain('Something went wrong on our side');
      expect(response.text).not.toContain('injected query failure');
      expect(response.headers['cache-control']).toBe('no-store');
      expectSecurityBaseline(response);
    } finally {
      failQueries.mockRestore();
    }
  });
});
