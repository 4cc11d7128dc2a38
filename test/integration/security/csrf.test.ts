/**
 * T-CSRF-01: every state-changing route, read from the app's own router, refuses a missing or
 * foreign CSRF token and a request a browser marks as cross-site. A new route is covered the
 * moment it is mounted; the last test fails if any route escaped an attack.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { routesOf, type Route } from '../../helpers/routes';
import { csrfFrom } from '../../helpers/http';
import { signInWithSession, type SignedIn } from '../../helpers/sessions';
import { anAdmin } from '../../helpers/users';

const { app, deps } = buildTestApp();

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every route whose method can change state. */
const routes = routesOf(app).filter((route) => !SAFE_METHODS.has(route.method));
const label = (route: Route) => `${route.method} ${route.path}`;
/** Route parameters filled with ids that exist nowhere, so a request that got through changes nothing. */
const concrete = (path: string) => path.replace(/:(\w+)/g, () => randomUUID());

const CSRF_REFUSAL = 'This form has expired or did not come from MedTrack.';
const CROSS_SITE_REFUSAL = 'This form was sent from another site and was refused.';
const ATTACKS = ['no token', 'foreign token', 'foreign Origin', 'cross-site fetch'] as const;
const exercised = new Set<string>();

describe('T-CSRF-01: the list of state-changing routes', () => {
  it('is read from the router and holds the routes we know of, each once', () => {
    const labels = routes.map(label);
    expect(labels.length).toBeGreaterThanOrEqual(10);
    expect(labels).toEqual(
      expect.arrayContaining([
        'POST /login',
        'POST /logout',
        'POST /register',
        'POST /account/password',
        'POST /admin/doctors/:userId/approve',
        'POST /admin/users/:userId/deactivate',
        'POST /admin/hospitals',
      ]),
    );
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe.each(routes)('T-CSRF-01: $method $path, sent by a signed-in admin', (route) => {
  const url = concrete(route.path);
  let admin: SignedIn;
  let token: string;
  const send = (agent = admin.agent) => agent[route.method.toLowerCase() as 'post'](url).type('form');
  const refused = (response: request.Response, message: string, attack: (typeof ATTACKS)[number]) => {
    expect(response.status).toBe(403);
    expect(response.text).toContain(message);
    exercised.add(`${label(route)} / ${attack}`);
  };

  beforeAll(async () => {
    // An admin of its own: each log-in types a fresh authenticator code, and one account gets a new one only every 30 seconds.
    admin = await signInWithSession(app, (await anAdmin(deps)).email);
    token = await csrfFrom(admin.agent, '/admin');
  });

  it('refuses the request without a CSRF token', async () => {
    refused(await send().send({}), CSRF_REFUSAL, 'no token');
  });

  it("refuses another session's token, whether in the form or the x-csrf-token header", async () => {
    const foreign = await csrfFrom(request.agent(app), '/login');
    expect(foreign).not.toBe(token);
    refused(await send().send({ _csrf: foreign }), CSRF_REFUSAL, 'foreign token');
    refused(await send().set('x-csrf-token', foreign).send({}), CSRF_REFUSAL, 'foreign token');
  });

  it('refuses a valid token posted from Origin https://evil.example', async () => {
    refused(await send().set('Origin', 'https://evil.example').send({ _csrf: token }), CROSS_SITE_REFUSAL, 'foreign Origin');
    refused(await send().set('Origin', 'null').send({ _csrf: token }), CROSS_SITE_REFUSAL, 'foreign Origin');
  });

  it('refuses a valid token when the browser says Sec-Fetch-Site: cross-site or same-site', async () => {
    refused(await send().set('Sec-Fetch-Site', 'cross-site').send({ _csrf: token }), CROSS_SITE_REFUSAL, 'cross-site fetch');
    refused(await send().set('Sec-Fetch-Site', 'same-site').send({ _csrf: token }), CROSS_SITE_REFUSAL, 'cross-site fetch');
  });

  it('was not harmed by those attempts, and lets the same request through with its own token from the same origin', async () => {
    expect((await admin.agent.get('/admin')).status).toBe(200);

    const sameOrigin = { Host: 'medtrack.test', Origin: 'http://medtrack.test', 'Sec-Fetch-Site': 'same-origin' };
    const response = await send().set(sameOrigin).send({ _csrf: token });

    // The route may still refuse an admin on role (403 "not allowed"), but never as forged.
    expect(response.text).not.toContain(CSRF_REFUSAL);
    expect(response.text).not.toContain(CROSS_SITE_REFUSAL);
    expect(response.status).toBeLessThan(500);
  });
});

describe('T-CSRF-01: coverage', () => {
  it('sent every attack to every state-changing route found in the router', () => {
    const expected = routes.flatMap((route) => ATTACKS.map((attack) => `${label(route)} / ${attack}`));
    expect([...exercised].sort()).toEqual(expected.sort());
  });
});
