import request from 'supertest';
import { getUserByEmail } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, csrfFrom, submit } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { aPatient, uniqueEmail, uniquePhone } from '../../helpers/users';

const { app, deps } = buildTestApp();

function patientForm(overrides: Record<string, string> = {}) {
  return {
    firstName: 'Meena',
    lastName: "D'Souza",
    email: uniqueEmail('meena'),
    phone: uniquePhone(),
    password: 'a long enough password',
    confirmPassword: 'a long enough password',
    dateOfBirth: '1992-03-14',
    gender: 'female',
    bloodGroup: 'O-',
    ...overrides,
  };
}

describe('registering as a patient', () => {
  it('creates an unverified account and e-mails a confirmation link', async () => {
    const form = patientForm();
    const response = await submit(request.agent(app), '/register', '/register', form);

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login');
    const user = await getUserByEmail(deps.db, form.email);
    expect(user).toMatchObject({ role: 'patient', emailVerified: false, firstName: 'Meena', lastName: "D'Souza", bloodGroup: 'O-' });
    expect(user!.phone).toBe(form.phone);
    expect(user!.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    const mails = await mailsTo(form.email);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your e-mail address']);
    expect(mails[0].body.text).toContain("http://medtrack.test/verify-email?token=");
    expect(mails[0].body.text).toContain('Hello Meena');
  });

  it('stores the e-mail in lower case and reads national phone numbers in the default country', async () => {
    const email = uniqueEmail('Mixed.Case').replace('mixed', 'MiXeD');
    const local = uniquePhone().replace('+91', '');
    await submit(request.agent(app), '/register', '/register', patientForm({ email, phone: local }));
    const user = await getUserByEmail(deps.db, email.toLowerCase());
    expect(user?.email).toBe(email.toLowerCase());
    expect(user?.phone).toBe(`+91${local}`);
  });

  it('re-renders the form with 422, a message per field and the values typed', async () => {
    const form = patientForm({ email: 'not-an-email', phone: '12', dateOfBirth: '2999-01-01', confirmPassword: 'something else', firstName: '' });
    const response = await submit(request.agent(app), '/register', '/register', form);

    expect(response.status).toBe(422);
    const page = $(response.text);
    const errorFor = (field: string) => page(`#f-${field}-error`).text();
    expect(errorFor('email')).toBe('Enter a valid e-mail address, like name@example.com');
    expect(errorFor('phone')).toMatch(/valid mobile number/);
    expect(errorFor('dateOfBirth')).toBe('Date of birth must be in the past');
    expect(errorFor('confirmPassword')).toBe('The two passwords do not match');
    expect(errorFor('firstName')).toBe('Enter your first name');
    expect(page('#f-lastName').val()).toBe("D'Souza");
    expect(page('#f-email').val()).toBe('not-an-email');
    expect(page('#f-password').val()).toBeUndefined();
    expect(await mailsTo('not-an-email')).toHaveLength(0);
  });

  it('refuses passwords under 10 or over 72 bytes instead of truncating them', async () => {
    const tooLong = 'é'.repeat(37); // 74 bytes, 37 characters
    const short = await submit(request.agent(app), '/register', '/register', patientForm({ password: 'short', confirmPassword: 'short' }));
    const long = await submit(request.agent(app), '/register', '/register', patientForm({ password: tooLong, confirmPassword: tooLong }));

    expect(short.status).toBe(422);
    expect($(short.text)('#f-password-error').text()).toBe('Use at least 10 characters');
    expect(long.status).toBe(422);
    expect($(long.text)('#f-password-error').text()).toMatch(/at most 72 bytes/);
  });

  it('answers a taken e-mail exactly like a new one, and tells the owner instead', async () => {
    const existing = await aPatient(deps);
    const response = await submit(request.agent(app), '/register', '/register', patientForm({ email: existing.email.toUpperCase() }));

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login');
    expect((await mailsTo(existing.email)).map((m) => m.subject)).toEqual(['About your registration']);
    expect((await getUserByEmail(deps.db, existing.email))!.id).toBe(existing.id);
  });

  it('makes exactly one account from 20 parallel registrations of one e-mail', async () => {
    const email = uniqueEmail('race');
    const agents = Array.from({ length: 20 }, () => request.agent(app));
    const tokens = await Promise.all(agents.map((agent) => csrfFrom(agent, '/register')));
    const responses = await Promise.all(
      agents.map((agent, i) =>
        agent
          .post('/register')
          .type('form')
          .send({ ...patientForm({ email, phone: uniquePhone() }), _csrf: tokens[i] }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(303));
    const subjects = (await mailsTo(email)).map((m) => m.subject);
    expect(subjects.filter((s) => s === 'Confirm your e-mail address')).toHaveLength(1);
    expect(subjects.filter((s) => s === 'About your registration')).toHaveLength(19);
  });

  it('rejects a form posted without its CSRF token', async () => {
    const form = patientForm();
    const response = await request(app).post('/register').type('form').send(form);

    expect(response.status).toBe(403);
    expect(await getUserByEmail(deps.db, form.email)).toBeUndefined();
  });
});
