import request from 'supertest';
import { createAdminAccount } from '../../../src/admin';
import { buildTestApp } from '../../helpers/app';
import { submit } from '../../helpers/http';
import { uniqueEmail, uniquePhone } from '../../helpers/users';

const { app, deps } = buildTestApp();

describe('npm run create-admin', () => {
  it('creates a verified admin who can log in, and is first asked to set up two-step sign-in', async () => {
    const email = uniqueEmail('chief');
    const result = await createAdminAccount(deps, { email, phone: uniquePhone(), firstName: 'Chief', lastName: 'Admin', password: 'a strong password' });
    expect(result).toMatchObject({ ok: true, user: { role: 'admin', emailVerified: true } });

    const agent = request.agent(app);
    const login = await submit(agent, '/login', '/login', { identifier: email, password: 'a strong password' });
    expect(login.headers.location).toBe('/account/two-step/setup');
    expect((await agent.get('/admin')).headers.location).toBe('/account/two-step/setup');
  });

  it('reports each bad or taken detail instead of creating anything', async () => {
    const email = uniqueEmail('taken');
    await createAdminAccount(deps, { email, phone: uniquePhone(), firstName: 'First', lastName: 'Admin', password: 'a strong password' });

    const taken = await createAdminAccount(deps, { email, phone: uniquePhone(), firstName: 'Second', lastName: 'Admin', password: 'a strong password' });
    expect(taken).toEqual({ ok: false, errors: { email: 'An account with this e-mail already exists.' } });

    const invalid = await createAdminAccount(deps, { email: 'nope', phone: '1', firstName: '', lastName: 'A', password: 'short' });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(Object.keys(invalid.errors).sort()).toEqual(['email', 'firstName', 'password', 'phone']);
  });
});
