/** T-SESS-01..06: session ids are renewed at log-in, die at log-out and time-out, and cannot be revived; the store's expiry is TTL seconds. */
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { getUserById } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, csrfFrom, sessionCookie, submit } from '../../helpers/http';
import {
  deleteTombstone,
  editSessionData,
  nowSeconds,
  putStoredSession,
  setSessionExpires,
  sidOf,
  signInWithSession,
  type SignedIn,
  storedSession,
  tombstoneOf,
  withCookie,
} from '../../helpers/sessions';
import { aPatient, anAdmin, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp();
const HOUR_MS = 60 * 60 * 1000;

async function expectLoggedOut(cookie: string, path = '/patient') {
  const response = await withCookie(app, cookie).get(path);
  expect(response.status).toBe(302);
  expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
}

async function expectLoggedIn(cookie: string, path = '/patient') {
  const response = await withCookie(app, cookie).get(path);
  expect(response.status).toBe(200);
  expect($(response.text)('[data-testid=current-user]').text()).toBe('Test Patient');
}

describe('T-SESS-01: logging in issues a new session id', () => {
  it('replaces the pre-login id, which then opens nothing and is gone from the store', async () => {
    const patient = await aPatient(deps);
    const agent = request.agent(app);
    const form = await agent.get('/login');
    const plantedCookie = sessionCookie(form)!;
    const sid0 = sidOf(plantedCookie);
    expect(await storedSession(deps, sid0)).toBeDefined();

    const _csrf = $(form.text)('input[name=_csrf]').val() as string;
    const login = await agent.post('/login').type('form').send({ identifier: patient.email, password: PASSWORD, _csrf });

    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/patient');
    const newCookie = sessionCookie(login)!;
    expect(sidOf(newCookie)).not.toBe(sid0);
    expect(await storedSession(deps, sid0)).toBeUndefined();
    expect(JSON.parse((await storedSession(deps, sidOf(newCookie)))!.sess!)).toMatchObject({ userId: patient.id, role: 'patient' });
    await expectLoggedOut(plantedCookie);
    await expectLoggedIn(newCookie);
  });
});

describe('T-SESS-02: logging out', () => {
  it('cannot be triggered by a GET, such as a link or an <img> on another site', async () => {
    const patient = await aPatient(deps);
    const { cookie } = await signInWithSession(app, patient.email);

    expect((await withCookie(app, cookie).get('/logout')).status).toBe(404);
    await expectLoggedIn(cookie);
  });

  it('kills the session on the server: the old cookie is refused and its store item is gone', async () => {
    const patient = await aPatient(deps);
    const { agent, cookie, sid } = await signInWithSession(app, patient.email);

    const response = await agent.post('/logout').type('form').send({ _csrf: await csrfFrom(agent, '/patient') });

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?signedOut=1');
    // The cache is cleared, but not every cookie: the device cookie must outlive log-out (auth/device.ts).
    expect(response.headers['clear-site-data']).toBe('"cache"');
    expect(sessionCookie(response)).toBe('medtrack.sid=');
    expect((await storedSession(deps, sid))?.sess).toBeUndefined();
    await expectLoggedOut(cookie);
  });
});

describe('T-SESS-06: the store', () => {
  it("keeps expiry as whole epoch seconds, the unit of the table's TTL, on every write and touch", async () => {
    const patient = await aPatient(deps);
    const { cookie, sid } = await signInWithSession(app, patient.email);
    const written = (await storedSession(deps, sid))!.expires;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expectLoggedIn(cookie);
    const touched = (await storedSession(deps, sid))!.expires;

    for (const expires of [written, touched]) expect(Number.isInteger(expires)).toBe(true);
    expect(touched).toBeGreaterThan(written);
    const ttl = await deps.db.client.send(new DescribeTimeToLiveCommand({ TableName: deps.db.tables.sessions }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  });
});

describe('T-SESS-03: timeouts are enforced on the server', () => {
  it('keeps a session whose idle expiry is still ahead, and slides that expiry on each request', async () => {
    const patient = await aPatient(deps);
    const { cookie, sid } = await signInWithSession(app, patient.email);
    await setSessionExpires(deps, sid, nowSeconds() + 60);

    await expectLoggedIn(cookie);
    const expires = (await storedSession(deps, sid))!.expires;
    expect(expires).toBeGreaterThanOrEqual(nowSeconds() + 15 * 60 - 5);
    expect(expires).toBeLessThanOrEqual(nowSeconds() + 15 * 60);
  });

  it.each(['/patient', '/patient?skip_timeout_reset=1', '/patient?keepalive=1&background=1'])(
    'ends a session idle past its expiry, whatever the request asks: GET %s',
    async (path) => {
      const patient = await aPatient(deps);
      const { cookie, sid } = await signInWithSession(app, patient.email);
      await setSessionExpires(deps, sid, nowSeconds() - 1);

      const response = await withCookie(app, cookie).get(path);

      expect(response.status).toBe(302);
      expect(response.headers.location).toMatch(/^\/login\?next=/);
      await expectLoggedOut(cookie);
    },
  );

  it('does not count a page refreshing itself as activity: an unattended tab still times out', async () => {
    const patient = await aPatient(deps);
    const { cookie, sid } = await signInWithSession(app, patient.email);
    const idleSince = Date.now() - 14 * 60 * 1000;
    await editSessionData(deps, sid, { lastActiveAt: idleSince });

    const poll = await withCookie(app, cookie).get('/inbox/unread.json').set('X-MedTrack-Background', '1');
    expect(poll.status).toBe(200);
    expect(JSON.parse((await storedSession(deps, sid))!.sess!).lastActiveAt).toBe(idleSince);

    await editSessionData(deps, sid, { lastActiveAt: Date.now() - 16 * 60 * 1000 });
    const late = await withCookie(app, cookie).get('/inbox/unread.json').set('X-MedTrack-Background', '1');
    expect(late.status).toBe(401);
    await expectLoggedOut(cookie);
  });

  it("counts the user's own request as activity, which restarts the idle clock", async () => {
    const patient = await aPatient(deps);
    const { cookie, sid } = await signInWithSession(app, patient.email);
    await editSessionData(deps, sid, { lastActiveAt: Date.now() - 14 * 60 * 1000 });

    await expectLoggedIn(cookie);
    expect(JSON.parse((await storedSession(deps, sid))!.sess!).lastActiveAt).toBeGreaterThan(Date.now() - 5000);
  });

  it('keeps a session 11 hours after log-in (the absolute limit is 12)', async () => {
    const patient = await aPatient(deps);
    const { cookie, sid } = await signInWithSession(app, patient.email);
    await editSessionData(deps, sid, { authTime: Date.now() - 11 * HOUR_MS });

    await expectLoggedIn(cookie);
  });

  it.each(['/patient', '/patient?skip_timeout_reset=1', '/patient?keepalive=1&background=1'])(
    'ends a busy session 13 hours after log-in, whatever the request asks: GET %s',
    async (path) => {
      const patient = await aPatient(deps);
      const { cookie, sid } = await signInWithSession(app, patient.email);
      await editSessionData(deps, sid, { authTime: Date.now() - 13 * HOUR_MS });
      expect((await storedSession(deps, sid))!.expires).toBeGreaterThan(nowSeconds());

      const response = await withCookie(app, cookie).get(path);

      expect(response.status).toBe(302);
      expect(response.headers.location).toMatch(/^\/login\?next=/);
      expect(await storedSession(deps, sid)).toBeUndefined();
    },
  );

  it('ends a session 13 hours after log-in even for a POST with a valid token and keep-alive fields', async () => {
    const patient = await aPatient(deps);
    const { agent, sid } = await signInWithSession(app, patient.email);
    const _csrf = await csrfFrom(agent, '/account/password');
    await editSessionData(deps, sid, { authTime: Date.now() - 13 * HOUR_MS });

    const response = await agent
      .post('/account/password?skip_timeout_reset=1')
      .type('form')
      .send({ _csrf, skip_timeout_reset: '1', keepalive: '1', currentPassword: PASSWORD, password: 'a brand new password', confirmPassword: 'a brand new password' });

    expect(response.status).toBe(302);
    expect(response.headers.location).toMatch(/^\/login\?next=/);
    expect((await getUserById(deps.db, patient.id))!.passwordHash).toBe(patient.passwordHash);
  });
});

describe('T-SESS-04: a logout racing an in-flight request', () => {
  /** Logs in, snapshots the item a slow request holds, logs out, then lets that request save late. */
  async function reviveAfterLogout() {
    const patient = await aPatient(deps);
    const { agent, cookie, sid } = await signInWithSession(app, patient.email);
    const _csrf = await csrfFrom(agent, '/patient');
    const heldBySlowRequest = (await storedSession(deps, sid))!;

    expect((await agent.post('/logout').type('form').send({ _csrf })).status).toBe(303);
    expect(await storedSession(deps, sid)).toBeUndefined();
    await putStoredSession(deps, { ...heldBySlowRequest, expires: nowSeconds() + 600 });
    return { patient, cookie, sid };
  }

  it('leaves the old cookie logged out although the late save put the session item back', async () => {
    const { patient, cookie, sid } = await reviveAfterLogout();

    expect(JSON.parse((await storedSession(deps, sid))!.sess!)).toMatchObject({ userId: patient.id });
    const tombstone = await tombstoneOf(deps, sid);
    expect(tombstone?.expiresAt).toBeGreaterThan(nowSeconds() + 11 * 3600);
    await expectLoggedOut(cookie);
  });

  it('stays logged out when DynamoDB throttles the batch read and returns the tombstone key unprocessed', async () => {
    const { cookie } = await reviveAfterLogout();
    const send = deps.db.doc.send.bind(deps.db.doc) as (...args: unknown[]) => Promise<unknown>;
    const throttled = jest.spyOn(deps.db.doc, 'send').mockImplementation(((command: unknown, ...rest: unknown[]) => {
      if (!(command instanceof BatchGetCommand)) return send(command, ...rest);
      const table = deps.db.tables.users;
      return Promise.resolve({ Responses: { [table]: [] }, UnprocessedKeys: { [table]: command.input.RequestItems![table] } });
    }) as never);
    try {
      await expectLoggedOut(cookie);
      expect(throttled).toHaveBeenCalledWith(expect.any(BatchGetCommand));
    } finally {
      throttled.mockRestore();
    }
  });

  it('owes that to the logout tombstone: without it the revived item signs the old cookie back in', async () => {
    const { cookie, sid } = await reviveAfterLogout();
    await deleteTombstone(deps, sid);

    await expectLoggedIn(cookie);
  });
});

describe('T-SESS-05: ending every session of a user at once', () => {
  /** One after another: parallel log-ins of one account currently race in the failure counter and can answer 500. */
  async function signInThreeTimes(email: string) {
    const devices: SignedIn[] = [];
    for (let i = 0; i < 3; i++) devices.push(await signInWithSession(app, email));
    return devices;
  }

  it('logs all three devices out at their next request when an admin deactivates the account', async () => {
    const patient = await aPatient(deps);
    const devices = await signInThreeTimes(patient.email);
    for (const device of devices) await expectLoggedIn(device.cookie);
    const admin = await signInWithSession(app, (await anAdmin(deps)).email);

    const response = await submit(admin.agent, '/admin/users?role=patient', `/admin/users/${patient.id}/deactivate`, {});

    expect(response.status).toBe(303);
    for (const device of devices) await expectLoggedOut(device.cookie);
    const again = await submit(request.agent(app), '/login', '/login', { identifier: patient.email, password: PASSWORD });
    expect(again.status).toBe(403);
  });

  it('keeps the device that changed the password logged in, on a new id, and logs the other two out', async () => {
    const patient = await aPatient(deps);
    const [mine, ...others] = await signInThreeTimes(patient.email);
    const newPassword = 'a brand new password';

    const response = await submit(mine.agent, '/account/password', '/account/password', {
      currentPassword: PASSWORD,
      password: newPassword,
      confirmPassword: newPassword,
    });

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/patient');
    const renewed = sessionCookie(response)!;
    expect(sidOf(renewed)).not.toBe(mine.sid);
    await expectLoggedIn(renewed);
    for (const other of others) await expectLoggedOut(other.cookie);
    await expectLoggedOut(mine.cookie);
  });
});
