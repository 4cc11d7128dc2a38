import bcrypt from 'bcryptjs';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../../src/config';
import { getUserByEmail } from '../../../src/users';
import { patientForm } from '../../helpers/accounts';
import { buildTestApp, TEST_DEFAULTS } from '../../helpers/app';
import { signIn, submit } from '../../helpers/http';
import { aPatient, PASSWORD } from '../../helpers/users';

/** The production cost; every other test file runs at the floor of 10 to stay fast. */
const production = buildTestApp({ MEDTRACK_BCRYPT_COST: '12' });
const { app, deps } = buildTestApp();

const storedHash = async (email: string) => (await getUserByEmail(deps.db, email))!.passwordHash;
const registerWith = async (target: typeof app, password: string) => {
  const form = patientForm({ password, confirmPassword: password });
  const response = await submit(request.agent(target), '/register', '/register', form);
  return { email: form.email, status: response.status };
};
const logInStatus = async (identifier: string, password: string) =>
  (await submit(request.agent(app), '/login', '/login', { identifier, password })).status;

describe('password storage (T-PWD-01)', () => {
  it('hashes a new password with bcrypt at cost 12 under the production setting', async () => {
    const { email, status } = await registerWith(production.app, 'a long enough password');

    expect(status).toBe(303);
    const hash = await storedHash(email);
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(bcrypt.getRounds(hash)).toBe(12);
    expect(await bcrypt.compare('a long enough password', hash)).toBe(true);
  });

  it('re-hashes at the configured cost when a password is changed', async () => {
    const patient = await aPatient(deps);
    expect(bcrypt.getRounds(patient.passwordHash)).toBe(10);
    const agent = await signIn(production.app, patient.email);
    const fields = { currentPassword: PASSWORD, password: 'another long password', confirmPassword: 'another long password' };
    expect((await submit(agent, '/account/password', '/account/password', fields)).status).toBe(303);

    expect(await storedHash(patient.email)).toMatch(/^\$2[aby]\$12\$/);
  });

  it('refuses to start with a bcrypt cost under 10, and uses 12 when none is set', () => {
    const env = { ...process.env, ...TEST_DEFAULTS };
    expect(() => loadConfig({ ...env, MEDTRACK_BCRYPT_COST: '9' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, MEDTRACK_BCRYPT_COST: '9' })).toThrow(/MEDTRACK_BCRYPT_COST/);
    expect(loadConfig({ ...env, MEDTRACK_BCRYPT_COST: '10' }).bcryptCost).toBe(10);
    const { MEDTRACK_BCRYPT_COST: _unset, ...withoutCost } = env;
    expect(loadConfig(withoutCost).bcryptCost).toBe(12);
  });

  it('accepts a 72-byte password, and the same password with one more character does not log in', async () => {
    const password = 'x'.repeat(36) + 'y'.repeat(36);
    const { email, status } = await registerWith(app, password);

    expect(status).toBe(303);
    expect(await logInStatus(email, `${password}z`)).toBe(401);
    expect(await logInStatus(email, password)).toBe(303);
  });

  it('keeps spaces and non-ASCII letters exactly as typed: no trimming, no case folding', async () => {
    const password = '  Pässwörd mit Leerzeichen ';
    const { email, status } = await registerWith(app, password);

    expect(status).toBe(303);
    expect(await logInStatus(email, password.trim())).toBe(401);
    expect(await logInStatus(email, password.toLowerCase())).toBe(401);
    expect(await logInStatus(email, password)).toBe(303);
  });
});
