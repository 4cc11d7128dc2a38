/**
 * T-MFA-01, log-in: after the right password an admin with two-step sign-in holds a session that
 * opens nothing until the code passes; the session id changes at both steps; a code is accepted
 * once (also when sent twice at once); recovery codes work once each; wrong codes lock like
 * passwords; the second step counts against the per-address rate limit.
 */
import request from 'supertest';
import type { Express } from 'express';
import { generate } from 'otplib';
import { listSignIns } from '../../../src/auth';
import { buildTestApp, settleBackground } from '../../helpers/app';
import { csrfFrom, messages, passSecondStep, sessionCookie, signIn, submit, type Agent } from '../../helpers/http';
import { enrol } from '../../helpers/mfa';
import { sidOf, withCookie } from '../../helpers/sessions';
import { currentStep, freshCode, TOTP_SECRET } from '../../helpers/two-step';
import { anAdmin, anAdminWithoutMfa, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp();

async function password(target: Express, email: string, agent: Agent = request.agent(target)) {
  const response = await submit(agent, '/login', '/login', { identifier: email, password: PASSWORD });
  expect(response.headers.location).toBe('/login/two-step');
  return { agent, response };
}
const typeCode = async (agent: Agent, code: string) => submit(agent, '/login/two-step', '/login/two-step', { code });
const codeAt = (step: number, secret = TOTP_SECRET) => generate({ secret, epoch: step * 30 });

describe('the second step of the log-in', () => {
  it('opens nothing before the code, and gives a new session id after the password and again after the code', async () => {
    const admin = await anAdmin(deps);
    const agent = request.agent(app);
    const first = await agent.get('/login');
    const sid0 = sidOf(sessionCookie(first)!);
    const { response } = await password(app, admin.email, agent);
    const sid1 = sidOf(sessionCookie(response)!);
    expect(sid1).not.toBe(sid0);

    // Waiting for the code: not signed in.
    expect((await agent.get('/admin')).headers.location).toMatch(/^\/login\?next=/);
    expect((await agent.get('/account')).headers.location).toMatch(/^\/login/);
    expect(messages((await agent.get('/login/two-step').expect(200)).text)).toContain('authenticator app');

    const passed = await passSecondStep(agent, admin.email);
    expect(passed.headers.location).toBe('/admin');
    const cookie2 = sessionCookie(passed)!;
    expect(sidOf(cookie2)).not.toBe(sid1);
    expect((await agent.get('/admin')).status).toBe(200);
    // The id that waited for the code opens nothing now.
    expect((await withCookie(app, sessionCookie(response)!).get('/admin')).status).toBe(302);
  });

  it('returns to the page that asked for the log-in', async () => {
    const admin = await anAdmin(deps);
    const agent = request.agent(app);
    await submit(agent, '/login?next=/admin/users', '/login', { identifier: admin.email, password: PASSWORD, next: '/admin/users' });
    expect((await passSecondStep(agent, admin.email)).headers.location).toBe('/admin/users');
  });

  it('refuses a wrong code with a message, and a code already used (no replay)', async () => {
    const admin = await anAdmin(deps);
    const { agent } = await password(app, admin.email);
    const step = currentStep();
    const wrong = await typeCode(agent, String((Number(await codeAt(step)) + 7) % 1_000_000).padStart(6, '0'));
    expect(wrong.status).toBe(422);
    expect(messages(wrong.text)).toContain('That code is not right');

    const code = await codeAt(step);
    expect((await typeCode(agent, code)).status).toBe(303);
    const again = await password(app, admin.email);
    const replay = await typeCode(again.agent, code);
    expect(replay.status).toBe(422);
    // An older code than the last one used is refused too.
    expect((await typeCode(again.agent, await codeAt(step - 1))).status).toBe(422);
  });

  it('accepts one code sent by two browsers at once only once', async () => {
    const admin = await anAdmin(deps);
    const [a, b] = await Promise.all([password(app, admin.email), password(app, admin.email)]);
    const code = await codeAt(currentStep());
    const tokens = await Promise.all([csrfFrom(a.agent, '/login/two-step'), csrfFrom(b.agent, '/login/two-step')]);
    const results = await Promise.all([a.agent, b.agent].map((agent, i) => agent.post('/login/two-step').type('form').send({ code, _csrf: tokens[i] })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
  });

  it('accepts each recovery code once, and the same code sent twice at once once', async () => {
    const admin = await anAdminWithoutMfa(deps);
    const { recoveryCodes } = await enrol(await signIn(app, admin.email));
    const first = await password(app, admin.email);
    const used = await typeCode(first.agent, recoveryCodes[0].toUpperCase());
    expect(used.headers.location).toBe('/admin');
    expect(messages((await first.agent.get('/admin')).text)).toContain('You used a recovery code: 9 left');
    const again = await password(app, admin.email);
    expect((await typeCode(again.agent, recoveryCodes[0])).status).toBe(422);

    const [a, b] = await Promise.all([password(app, admin.email), password(app, admin.email)]);
    const tokens = await Promise.all([csrfFrom(a.agent, '/login/two-step'), csrfFrom(b.agent, '/login/two-step')]);
    const results = await Promise.all([a.agent, b.agent].map((agent, i) => agent.post('/login/two-step').type('form').send({ code: recoveryCodes[1], _csrf: tokens[i] })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
  });

  it('sends a browser back to the log-in when nothing waits for a code', async () => {
    const agent = request.agent(app);
    const response = await agent.get('/login/two-step');
    expect(response.headers.location).toBe('/login');
    const _csrf = await csrfFrom(agent, '/login');
    expect((await agent.post('/login/two-step').type('form').send({ code: '123456', _csrf })).headers.location).toBe('/login');
  });

  it('refuses malformed codes with a message', async () => {
    const admin = await anAdmin(deps);
    const { agent } = await password(app, admin.email);
    for (const code of ['', '<b>1</b>', 'x'.repeat(40)]) {
      const response = await typeCode(agent, code);
      expect(response.status).toBe(422);
      expect(response.text).not.toContain('<b>1</b>');
    }
  });
});

describe('wrong codes and rate limits', () => {
  const locking = buildTestApp({ MEDTRACK_LOGIN_FAILURES_BEFORE_LOCK: '3' });

  it('locks the second step after 3 wrong codes, even for the right one', async () => {
    const admin = await anAdmin(locking.deps);
    const { agent } = await password(locking.app, admin.email);
    const right = await freshCode(admin.email);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 3; i += 1) expect((await typeCode(agent, wrong)).status).toBe(422);
    const locked = await typeCode(agent, right);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Too many failed attempts');
    await settleBackground();
    const history = await listSignIns(locking.deps.db, admin.id);
    expect(history.items.map((s) => s.outcome)).toEqual(['locked', 'mfa-failed', 'mfa-failed', 'mfa-failed', 'code-asked']);
  });

  it('counts the second step against the per-address limit', async () => {
    const limited = buildTestApp({ MEDTRACK_TRUST_PROXY_HOPS: '1', MEDTRACK_RATE_LIMIT_PER_IP: '3' });
    const admin = await anAdmin(limited.deps);
    const agent = request.agent(limited.app);
    const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const _csrf = await csrfFrom(agent, '/login');
    await agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ identifier: admin.email, password: PASSWORD, _csrf }).expect(303);
    const token = await csrfFrom(agent, '/login/two-step');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await agent.post('/login/two-step').set('X-Forwarded-For', ip).type('form').send({ code: '000000', _csrf: token })).status);
    expect(statuses).toEqual([422, 422, 429]);
  });
});

describe('the sign-in history', () => {
  it('records each attempt, newest first, with what happened and from where, and no password', async () => {
    const admin = await anAdmin(deps);
    await submit(request.agent(app), '/login', '/login', { identifier: admin.email, password: 'not the password' });
    const agent = await signIn(app, admin.email);
    await settleBackground();
    const history = await listSignIns(deps.db, admin.id);
    expect(history.items.map((s) => s.outcome)).toEqual(['mfa-passed', 'code-asked', 'wrong-password']);
    expect(history.items[0]).toMatchObject({ ip: expect.stringContaining('127.0.0.1') });
    expect(JSON.stringify(history)).not.toContain('not the password');
    const page = await agent.get('/account/sign-ins').expect(200);
    expect(page.text).toContain('Wrong password');
    expect(page.text).toContain('Signed in with a code');
  });

  it('pages with a cursor, and refuses a forged one', async () => {
    const admin = await anAdmin(deps);
    const { recordSignIn } = await import('../../../src/auth/mfa/sign-ins');
    for (let i = 0; i < 30; i += 1) await recordSignIn(deps, admin.id, 'wrong-password', { ip: '10.0.0.1', device: 'Firefox on Linux' }, new Date(Date.now() - i * 1000));
    const first = await listSignIns(deps.db, admin.id);
    expect(first.items).toHaveLength(25);
    const second = await listSignIns(deps.db, admin.id, first.cursor);
    expect(second.items).toHaveLength(5);
    expect(second.items[0].at < first.items[24].at).toBe(true);
    const agent = await signIn(app, admin.email);
    expect((await agent.get('/account/sign-ins?signInsCursor=forged')).status).toBe(400);
  });
});
