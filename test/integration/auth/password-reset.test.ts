import request from 'supertest';
import { updateUser, type User } from '../../../src/users';
import { expireToken, tokenOf } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { linkFrom, mailsTo, pathOf } from '../../helpers/mailbox';
import { aPatient, PASSWORD, uniqueEmail } from '../../helpers/users';

const { app, deps } = buildTestApp();

const NEW = 'a brand new passphrase';
const LINK_DEAD = /This link doesn.t work any more/;

const askForReset = (email: string, agent: Agent = request.agent(app)) => submit(agent, '/forgot-password', '/forgot-password', { email });

async function resetLinkFor(user: User): Promise<string> {
  await askForReset(user.email);
  return linkFrom(user.email, /^Reset your password$/);
}

const chooseNewPassword = (link: string, password: string, confirmPassword = password) =>
  submit(request.agent(app), pathOf(link), '/reset-password', { token: tokenOf(link), password, confirmPassword });

const logInStatus = async (identifier: string, password: string) =>
  (await submit(request.agent(app), '/login', '/login', { identifier, password })).status;

describe('resetting a forgotten password', () => {
  it('answers a registered and an unknown address alike, and mails only the registered one', async () => {
    const patient = await aPatient(deps);
    const unknown = uniqueEmail('nobody');
    const [known, missing] = [request.agent(app), request.agent(app)];
    const answers = [await askForReset(patient.email, known), await askForReset(unknown, missing)];

    expect(answers.map((r) => [r.status, r.headers.location])).toEqual([[303, '/login'], [303, '/login']]);
    const flashes = await Promise.all([known, missing].map(async (agent) => $((await agent.get('/login')).text)('.flash').text()));
    expect(flashes[0]).toBe('If an account uses that address, we have e-mailed it a link to reset the password. The link works for one hour.');
    expect(flashes[1]).toBe(flashes[0]);
    expect((await mailsTo(patient.email)).map((m) => m.subject)).toEqual(['Reset your password']);
    expect(await mailsTo(unknown)).toHaveLength(0);
  });

  it('answers before looking the address up, so a registered address takes no longer than an unknown one', async () => {
    const patient = await aPatient(deps);
    const unknown = uniqueEmail('nobody');
    const release = holdAccountLookUps();
    try {
      // While every look-up of an address waits, both answers still arrive, alike.
      const answers = await Promise.all([askForReset(patient.email), askForReset(unknown)]);
      expect(answers.map((r) => [r.status, r.headers.location])).toEqual([[303, '/login'], [303, '/login']]);
    } finally {
      release();
    }
    expect((await mailsTo(patient.email)).map((m) => m.subject)).toEqual(['Reset your password']);
  });

  it('sends no link to a deactivated account', async () => {
    const patient = await aPatient(deps);
    await updateUser(deps.db, patient, { status: 'inactive' });

    expect((await askForReset(patient.email)).headers.location).toBe('/login');
    expect(await mailsTo(patient.email)).toHaveLength(0);
  });

  it('lets the link set a new password once; the old password stops working', async () => {
    const patient = await aPatient(deps);
    const link = await resetLinkFor(patient);
    const form = $((await request(app).get(pathOf(link)).expect(200)).text);
    expect(form('main h1').text()).toBe('Choose a new password');
    expect(form('input[name=token]').val()).toBe(tokenOf(link));

    const agent = request.agent(app);
    const saved = await submit(agent, pathOf(link), '/reset-password', { token: tokenOf(link), password: NEW, confirmPassword: NEW });
    expect(saved.headers.location).toBe('/login');
    expect(messages((await agent.get('/login')).text)).toContain('Your password has been changed. Log in with the new password.');
    expect(await logInStatus(patient.email, PASSWORD)).toBe(401);
    expect(await logInStatus(patient.email, NEW)).toBe(303);

    const again = await chooseNewPassword(link, 'yet another passphrase');
    expect(again.status).toBe(400);
    expect(messages(again.text)).toMatch(LINK_DEAD);
    expect($(again.text)('main a[href="/forgot-password"]').text()).toBe('Ask for a new reset link');
    expect(await logInStatus(patient.email, NEW)).toBe(303);
  });

  it('refuses an unacceptable new password with 422 without using up the link', async () => {
    const patient = await aPatient(deps);
    const link = await resetLinkFor(patient);

    const short = await chooseNewPassword(link, 'short');
    expect(short.status).toBe(422);
    expect($(short.text)('#f-password-error').text()).toBe('Use at least 10 characters');
    expect($(short.text)('input[name=token]').val()).toBe(tokenOf(link));
    const mismatch = await chooseNewPassword(link, NEW, 'something else entirely');
    expect(mismatch.status).toBe(422);
    expect($(mismatch.text)('#f-confirmPassword-error').text()).toBe('The two passwords do not match');

    expect((await chooseNewPassword(link, NEW)).status).toBe(303);
    expect(await logInStatus(patient.email, NEW)).toBe(303);
  });

  it('logs out every session the account had before the reset', async () => {
    const patient = await aPatient(deps);
    const before = await signIn(app, patient.email);
    await before.get('/patient').expect(200);

    await chooseNewPassword(await resetLinkFor(patient), NEW);
    const after = await before.get('/patient');
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/login?next=%2Fpatient');
  });

  it('refuses an expired link and keeps the old password', async () => {
    const patient = await aPatient(deps);
    const link = await resetLinkFor(patient);
    await expireToken(deps, tokenOf(link));

    const response = await chooseNewPassword(link, NEW);
    expect(response.status).toBe(400);
    expect(messages(response.text)).toMatch(LINK_DEAD);
    expect(await logInStatus(patient.email, PASSWORD)).toBe(303);
  });

  it('shows the dead-link page when the link has no token at all', async () => {
    const response = await request(app).get('/reset-password');

    expect(response.status).toBe(400);
    expect(messages(response.text)).toMatch(LINK_DEAD);
  });

  it('refuses a link asked for before the password was changed another way', async () => {
    const patient = await aPatient(deps);
    const link = await resetLinkFor(patient);
    const agent = await signIn(app, patient.email);
    expect((await submit(agent, '/account/password', '/account/password', { currentPassword: PASSWORD, password: NEW, confirmPassword: NEW })).status).toBe(303);

    const stale = await chooseNewPassword(link, 'yet another passphrase');
    expect(stale.status).toBe(400);
    expect(messages(stale.text)).toMatch(LINK_DEAD);
    expect(await logInStatus(patient.email, NEW)).toBe(303);
  });
});

describe('changing the password while logged in', () => {
  const change = (agent: Agent, currentPassword: string, password = NEW) =>
    submit(agent, '/account/password', '/account/password', { currentPassword, password, confirmPassword: password });

  it('refuses a wrong current password with a message and changes nothing', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await change(agent, 'not my password at all');

    expect(response.status).toBe(422);
    expect($(response.text)('#f-currentPassword-error').text()).toBe('Your current password is not correct');
    expect(await logInStatus(patient.email, PASSWORD)).toBe(303);
    expect(await mailsTo(patient.email)).toHaveLength(0);
  });

  it('keeps this session, logs out the others and mails a notice', async () => {
    const patient = await aPatient(deps, { firstName: 'Ishaan' });
    const here = await signIn(app, patient.email);
    const elsewhere = await signIn(app, patient.email);

    const response = await change(here, PASSWORD);
    expect(response.headers.location).toBe('/patient');
    const home = await here.get('/patient').expect(200);
    expect(messages(home.text)).toContain('Your password has been changed. Other devices have been logged out.');
    expect((await elsewhere.get('/patient')).headers.location).toBe('/login?next=%2Fpatient');

    const [notice] = await mailsTo(patient.email);
    expect(notice.subject).toBe('Your password was changed');
    expect(notice.body.text).toContain('Hello Ishaan');
    expect(notice.body.text).toContain('other devices were logged out');
    expect(await logInStatus(patient.email, PASSWORD)).toBe(401);
    expect(await logInStatus(patient.email, NEW)).toBe(303);
  });
});

/** Holds every read of an e-mail claim (the first step of finding an account) until released. */
function holdAccountLookUps(): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const name = `hold-lookups-${Date.now()}`;
  deps.db.client.middlewareStack.add(
    (next) => async (args) => {
      const key = (args.input as { Key?: { pk?: string | { S?: string } } }).Key?.pk;
      const pk = typeof key === 'object' ? key.S : key;
      if (pk?.startsWith('EMAIL#')) await gate;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => {
    deps.db.client.middlewareStack.remove(name);
    release();
  };
}
