/**
 * T-MFA-01, afterwards: an admin resets another staff member's two-step sign-in (audited, the
 * owner told, their sessions ended); a doctor, for whom it is optional, turns it off with a code;
 * new recovery codes replace the old ones.
 */
import request from 'supertest';
import { queryEvents } from '../../../src/audit';
import { getUserById } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit } from '../../helpers/http';
import { codeFor, enrol } from '../../helpers/mfa';
import { outboxItemsFor } from '../../helpers/outbox';
import { freshCode } from '../../helpers/two-step';
import { aDoctor, anAdmin, aPatient, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp();

describe("an admin resets someone's two-step sign-in", () => {
  it('removes it, logs them out everywhere, tells them without a secret, and audits it', async () => {
    const [admin, other] = await Promise.all([anAdmin(deps), anAdmin(deps, { firstName: 'Ravi' })]);
    const otherAgent = await signIn(app, other.email);
    const agent = await signIn(app, admin.email);
    const list = await agent.get('/admin/users?role=admin').expect(200);
    const row = $(list.text)(`[data-testid="user-${other.email}"] [data-testid=user-mfa]`);
    expect(row.text()).toContain('Two-step on');
    expect(row.find(`form[action="/admin/users/${other.id}/mfa/reset"]`)).toHaveLength(1);

    const response = await submit(agent, '/admin/users?role=admin', `/admin/users/${other.id}/mfa/reset`, { back: '/admin/users?role=admin' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin/users?role=admin');
    expect(messages((await agent.get('/admin/users?role=admin')).text)).toContain('Two-step sign-in of Ravi Admin was reset');

    expect((await getUserById(deps.db, other.id))?.mfaEnabledAt).toBeUndefined();
    expect((await otherAgent.get('/admin')).headers.location).toMatch(/^\/login/);
    const notices = await outboxItemsFor(deps.db, other.id, 'account.mfa-reset');
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0])).not.toMatch(/secret|[A-Z2-7]{32}/);
    const events = (await queryEvents(deps.db, { by: 'actor', value: admin.id }, 10)).events;
    expect(events.find((e) => e.action === 'reset-mfa')).toMatchObject({ resourceType: 'user', resourceId: other.id, outcome: 'allowed', actorRole: 'admin' });

    // Next log-in: the password, then the set-up page (required for admins).
    const again = request.agent(app);
    const login = await submit(again, '/login', '/login', { identifier: other.email, password: PASSWORD });
    expect(login.headers.location).toBe('/account/two-step/setup');
  });

  it('refuses the admin their own reset, an unknown user, and anyone but an admin', async () => {
    const admin = await anAdmin(deps);
    const agent = await signIn(app, admin.email);
    expect((await submit(agent, '/admin/users?role=admin', `/admin/users/${admin.id}/mfa/reset`, {})).status).toBe(400);
    const missing = await submit(agent, '/admin/users?role=admin', '/admin/users/00000000-0000-4000-8000-000000000000/mfa/reset', {});
    expect(missing.status).toBe(404);
    const denied = (await queryEvents(deps.db, { by: 'actor', value: admin.id }, 10)).events.filter((e) => e.action === 'reset-mfa');
    expect(denied.map((e) => e.outcome)).toContain('denied');

    const target = await anAdmin(deps);
    for (const user of [await aDoctor(deps), await aPatient(deps)]) {
      const other = await signIn(app, user.email);
      expect((await submit(other, '/account', `/admin/users/${target.id}/mfa/reset`, {})).status).toBe(403);
    }
    expect((await getUserById(deps.db, target.id))?.mfaEnabledAt).toBeDefined();
  });

  it('says so when the user has none, and ignores a "back" that leaves the admin pages', async () => {
    const admin = await anAdmin(deps);
    const doctor = await aDoctor(deps);
    const agent = await signIn(app, admin.email);
    const response = await submit(agent, '/admin/users?role=doctor', `/admin/users/${doctor.id}/mfa/reset`, { back: 'https://evil.example/' });
    expect(response.headers.location).toBe('/admin/users');
    expect(messages((await agent.get('/admin/users')).text)).toContain('has no two-step sign-in');
  });
});

describe('a doctor, for whom it is optional', () => {
  it('turns it on, is asked for a code at log-in, and turns it off with a code', async () => {
    const doctor = await aDoctor(deps);
    const agent = await signIn(app, doctor.email);
    const { secret } = await enrol(agent);
    expect(messages((await agent.get('/account/two-step')).text)).toContain('On since');

    const fresh = request.agent(app);
    expect((await submit(fresh, '/login', '/login', { identifier: doctor.email, password: PASSWORD })).headers.location).toBe('/login/two-step');

    const wrong = await submit(agent, '/account/two-step', '/account/two-step/turn-off', { code: '000000' });
    expect(wrong.status).toBe(422);
    const off = await submit(agent, '/account/two-step', '/account/two-step/turn-off', { code: await codeFor(secret, 1) });
    expect(off.headers.location).toBe('/account/two-step');
    expect((await getUserById(deps.db, doctor.id))?.mfaEnabledAt).toBeUndefined();
    expect(messages((await agent.get('/account/two-step')).text)).toContain('Two-step sign-in is off');
    expect((await outboxItemsFor(deps.db, doctor.id, 'account.mfa-off'))).toHaveLength(1);
  });

  it('makes new recovery codes with a code, and the old ones stop working', async () => {
    const doctor = await aDoctor(deps);
    const agent = await signIn(app, doctor.email);
    const { secret, recoveryCodes } = await enrol(agent);
    const response = await submit(agent, '/account/two-step', '/account/two-step/recovery-codes', { code: await codeFor(secret, 1) });
    expect(response.status).toBe(200);
    const fresh = $(response.text)('[data-testid=recovery-codes] code').map((_i, el) => $(response.text)(el).text()).get();
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    const login = request.agent(app);
    await submit(login, '/login', '/login', { identifier: doctor.email, password: PASSWORD });
    expect((await submit(login, '/login/two-step', '/login/two-step', { code: recoveryCodes[0] })).status).toBe(422);
    expect((await submit(login, '/login/two-step', '/login/two-step', { code: fresh[0] })).headers.location).toBe('/doctor');
  });

  it('an admin cannot turn it off: it is required', async () => {
    const admin = await anAdmin(deps);
    const agent = await signIn(app, admin.email);
    const page = await agent.get('/account/two-step').expect(200);
    expect($(page.text)('form[action="/account/two-step/turn-off"]')).toHaveLength(0);
    const response = await submit(agent, '/account/two-step', '/account/two-step/turn-off', { code: await freshCode(admin.email) });
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain('required for your role');
    expect((await getUserById(deps.db, admin.id))?.mfaEnabledAt).toBeDefined();
  });
});
