/**
 * T-MFA-01, set-up: an admin (two-step sign-in required) without an authenticator is signed in
 * but reaches only the set-up page; a QR code and the key as text; the first code confirms it; ten
 * recovery codes are shown once and stored only as hashes; the secret is stored sealed.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getUserById } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, messages, sessionCookie, signIn, submit } from '../../helpers/http';
import { codeFor, enrol, setupPage } from '../../helpers/mfa';
import { anAdminWithoutMfa, aDoctor } from '../../helpers/users';

const { app, deps } = buildTestApp();

async function securityItems(userId: string) {
  const result = await deps.db.doc.send(new QueryCommand({ TableName: deps.db.tables.security, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `MFA#${userId}` }, ConsistentRead: true }));
  return result.Items ?? [];
}

describe('setting up two-step sign-in', () => {
  it('sends an admin without it to the set-up page, and every other page there too', async () => {
    const admin = await anAdminWithoutMfa(deps);
    const agent = await signIn(app, admin.email);
    for (const path of ['/admin', '/admin/users', '/account', '/account/password', '/inbox']) {
      const response = await agent.get(path);
      expect({ path, status: response.status, location: response.headers.location }).toEqual({ path, status: 302, location: '/account/two-step/setup' });
    }
    // A form with its token, posted anyway: turned back before the route.
    const post = await submit(agent, '/account/two-step/setup', '/admin/hospitals', { name: 'Sneaky Hospital' });
    expect(post.status).toBe(302);
    expect(post.headers.location).toBe('/account/two-step/setup');
    const page = await agent.get('/account/two-step/setup').expect(200);
    expect(messages(page.text)).toContain('Your role needs a second step');
  });

  it('shows a QR code and the key as text, and turns on with the first code', async () => {
    const admin = await anAdminWithoutMfa(deps);
    const agent = await signIn(app, admin.email);
    const { secret, qrSrc } = await setupPage(agent);
    expect(qrSrc).toMatch(/^data:image\/png;base64,/);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Reloading keeps the same key: a person who scanned it already is not left with a dead entry.
    expect((await setupPage(agent)).secret).toBe(secret);

    const before = (await agent.get('/account/two-step/setup')).status;
    expect(before).toBe(200);
    const response = await submit(agent, '/account/two-step/setup', '/account/two-step/setup', { code: await codeFor(secret) });
    expect(response.status).toBe(200);
    expect(sessionCookie(response)).toBeDefined();
    const codes = $(response.text)('[data-testid=recovery-codes] code').map((_i, el) => $(response.text)(el).text()).get();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    codes.forEach((code) => expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/));

    expect((await agent.get('/admin')).status).toBe(200);
    expect((await getUserById(deps.db, admin.id))?.mfaEnabledAt).toBeDefined();
    // Stored: the secret sealed, each recovery code only as a hash.
    const stored = JSON.stringify(await securityItems(admin.id));
    expect(stored).not.toContain(secret);
    codes.forEach((code) => expect(stored).not.toContain(code.replace('-', '')));
    expect(stored).not.toContain(codes[0]);
    expect((await securityItems(admin.id)).filter((item) => String(item.sk).startsWith('RECOVERY#'))).toHaveLength(10);
    // The set-up page now leads to the account's two-step page instead of a new key.
    expect((await agent.get('/account/two-step/setup')).headers.location).toBe('/account/two-step');
  });

  it('refuses a wrong or malformed code with a message, and stays off', async () => {
    const admin = await anAdminWithoutMfa(deps);
    const agent = await signIn(app, admin.email);
    const { secret } = await setupPage(agent);
    const wrong = String((Number(await codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');
    for (const code of [wrong, '', 'abc<script>', '12345678901234567890123']) {
      const response = await submit(agent, '/account/two-step/setup', '/account/two-step/setup', { code });
      expect(response.status).toBe(422);
      expect($(response.text)('.field-error').text()).not.toBe('');
      expect($(response.text)('.qr-code img').attr('src')).toMatch(/^data:image\/png/);
    }
    expect((await getUserById(deps.db, admin.id))?.mfaEnabledAt).toBeUndefined();
    expect(await securityItems(admin.id)).toHaveLength(0);
  });

  it('ends the other sessions of the admin when it turns on', async () => {
    const admin = await anAdminWithoutMfa(deps);
    const other = await signIn(app, admin.email);
    const agent = await signIn(app, admin.email);
    await enrol(agent);
    expect((await other.get('/account/two-step/setup')).headers.location).toMatch(/^\/login/);
    expect((await agent.get('/admin')).status).toBe(200);
  });

  it('is offered to a doctor, not required: a doctor signs in straight to their day', async () => {
    const doctor = await aDoctor(deps);
    const agent = await signIn(app, doctor.email);
    expect((await agent.get('/doctor')).status).toBe(200);
    const account = await agent.get('/account').expect(200);
    expect($(account.text)('[data-testid=two-step-status]').text()).toContain('Off');
    const page = await agent.get('/account/two-step/setup').expect(200);
    expect(messages(page.text)).not.toContain('Your role needs');
  });

  it('is not for patients', async () => {
    const { aPatient } = await import('../../helpers/users');
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    expect((await agent.get('/account/two-step/setup')).status).toBe(403);
  });
});

describe('when the configuration requires it of doctors too', () => {
  const strict = buildTestApp({ MEDTRACK_MFA_REQUIRED_ROLES: 'admin,doctor' });

  it('sends a doctor without it to the set-up page', async () => {
    const doctor = await aDoctor(strict.deps);
    const agent = await signIn(strict.app, doctor.email);
    expect((await agent.get('/doctor')).headers.location).toBe('/account/two-step/setup');
    await enrol(agent);
    expect((await agent.get('/doctor')).status).toBe(200);
  });
});
