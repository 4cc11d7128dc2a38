/**
 * Changing the e-mail address: a link goes to the new address, the account keeps the old one until
 * the link is used, and then the claim moves in one step and the old address is told (no link).
 */
import request from 'supertest';
import { getUserByEmail, getUserById, type User } from '../../../src/users';
import { NEW_PASSWORD, patientForm, tokenOf } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { linkFrom, mailsTo, pathOf } from '../../helpers/mailbox';
import { aPatient, PASSWORD, uniqueEmail } from '../../helpers/users';

const { app, deps } = buildTestApp();
const { db } = deps;

const LINK_SUBJECT = /^Confirm your new e-mail address$/;
const NOTICE_SUBJECT = /^Your e-mail address was changed$/;

const askToChange = (agent: Agent, email: string, currentPassword = PASSWORD) => submit(agent, '/account/email', '/account/email', { email, currentPassword });
/** Opens the mailed link and presses its button, on any browser (signed in or not). */
const useLink = (agent: Agent, link: string) => submit(agent, pathOf(link), '/account/email/confirm', { token: tokenOf(link) });
const logIn = (identifier: string) => submit(request.agent(app), '/login', '/login', { identifier, password: PASSWORD });

async function changeRequested(): Promise<{ user: User; agent: Agent; newEmail: string; link: string }> {
  const user = await aPatient(deps);
  const agent = await signIn(app, user.email);
  const newEmail = uniqueEmail('moved');
  const asked = await askToChange(agent, newEmail);
  expect([asked.status, asked.headers.location]).toEqual([303, '/account']);
  return { user, agent, newEmail, link: await linkFrom(newEmail, LINK_SUBJECT) };
}

describe('asking to change the e-mail address', () => {
  it('mails a link to the new address only, and the account keeps the old address until it is used', async () => {
    const { user, agent, newEmail, link } = await changeRequested();

    expect(link.startsWith('http://medtrack.test/account/email/confirm?token=')).toBe(true);
    expect(messages((await agent.get('/account')).text)).toContain(`We have sent a link to ${newEmail}`);
    expect(await mailsTo(user.email)).toEqual([]);
    expect((await getUserById(db, user.id))!.email).toBe(user.email);
    expect(await getUserByEmail(db, newEmail)).toBeUndefined();
    expect((await logIn(user.email)).status).toBe(303);
    const page = $((await request(app).get(pathOf(link)).expect(200)).text);
    expect(page('form[action="/account/email/confirm"] button').text()).toBe('Use this e-mail address');
  });

  it('needs the current password, and a different address', async () => {
    const user = await aPatient(deps);
    const agent = await signIn(app, user.email);

    const wrong = await askToChange(agent, uniqueEmail('x'), 'not my password');
    expect(wrong.status).toBe(422);
    expect($(wrong.text)('#f-currentPassword-error').text()).toBe('Your current password is not correct');
    const same = await askToChange(agent, user.email.toUpperCase());
    expect(same.status).toBe(422);
    expect($(same.text)('#f-email-error').text()).toBe('That is already your e-mail address');
    const bad = await askToChange(agent, 'not an address');
    expect($(bad.text)('#f-email-error').text()).toBe('Enter a valid e-mail address, like name@example.com');
    expect($(bad.text)('#f-email').val()).toBe('not an address');
  });
});

describe('using the link', () => {
  it('moves the account to the new address, tells the old one without a link, and keeps the session', async () => {
    const { user, agent, newEmail, link } = await changeRequested();

    const used = await useLink(agent, link);

    expect([used.status, used.headers.location]).toEqual([303, '/account']);
    const account = await agent.get('/account').expect(200);
    expect($(account.text)('[data-testid=account-email]').text()).toBe(newEmail);
    expect(messages(account.text)).toContain(`Your e-mail address is now ${newEmail}`);
    expect((await getUserByEmail(db, newEmail))!.id).toBe(user.id);
    expect(await getUserByEmail(db, user.email)).toBeUndefined();
    const [notice] = (await mailsTo(user.email)).filter((m) => NOTICE_SUBJECT.test(m.subject));
    const masked = `${newEmail[0]}***@example.com`;
    expect(notice.body.text).toContain(`was changed to ${masked}`);
    expect(notice.body.text).toContain("If this wasn't you, contact the hospital");
    expect(notice.body.text).not.toContain(newEmail);
    expect(notice.body.text).not.toMatch(/token=/);
  });

  it('lets the person log in with the new address only, and frees the old address for a new registration', async () => {
    const { user, newEmail, link } = await changeRequested();
    // Opened on a browser that is not signed in: the next step is logging in, with the new address.
    expect((await useLink(request.agent(app), link)).headers.location).toBe('/login');

    expect((await logIn(newEmail)).headers.location).toBe('/patient');
    expect((await logIn(user.email)).status).toBe(401);
    const form = patientForm({ email: user.email });
    expect((await submit(request.agent(app), '/register', '/register', form)).status).toBe(303);
    const fresh = (await getUserByEmail(db, user.email))!;
    expect(fresh.id).not.toBe(user.id);
    const subjects = (await mailsTo(user.email)).map((mail) => mail.subject);
    expect(subjects).toContain('Confirm your e-mail address');
    expect(subjects).not.toContain('About your registration');
  });

  it('works once', async () => {
    const { user, newEmail, link } = await changeRequested();
    expect((await useLink(request.agent(app), link)).status).toBe(303);

    const again = await useLink(request.agent(app), link);

    expect(again.status).toBe(400);
    expect($(again.text)('main h1').text()).toBe('This link doesn’t work any more');
    expect((await getUserById(db, user.id))!).toMatchObject({ email: newEmail, version: user.version + 1 });
  });

  it('two presses racing: one moves the address, the other finds the link used', async () => {
    const { user, link } = await changeRequested();
    const statuses = (await Promise.all([useLink(request.agent(app), link), useLink(request.agent(app), link)])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 400]);
    expect((await getUserById(db, user.id))!.version).toBe(user.version + 1);
  });

  // A press that reads the link before the other commits and the account after it sees the move
  // already made; so does a second link to the same address. Either must be told the link is used.
  it('a second link to the address the account already moved to does not work', async () => {
    const { user, agent, newEmail, link } = await changeRequested();
    expect((await askToChange(agent, newEmail)).headers.location).toBe('/account');
    const secondLink = await linkFrom(newEmail, LINK_SUBJECT);
    expect(secondLink).not.toBe(link);
    expect((await useLink(request.agent(app), link)).status).toBe(303);

    const again = await useLink(request.agent(app), secondLink);

    expect(again.status).toBe(400);
    expect($(again.text)('main h1').text()).toBe('This link doesn’t work any more');
    expect((await getUserById(db, user.id))!).toMatchObject({ email: newEmail, version: user.version + 1 });
  });

  it('refuses an address another account took meanwhile, with a clear message, and changes nothing', async () => {
    const { user, newEmail, link } = await changeRequested();
    const other = await aPatient(deps, { email: newEmail });

    const refused = await useLink(request.agent(app), link);

    expect(refused.status).toBe(409);
    expect(messages(refused.text)).toContain('That e-mail address now belongs to another account, so your address was not changed.');
    expect(await getUserById(db, user.id)).toEqual(user);
    expect((await getUserByEmail(db, newEmail))!.id).toBe(other.id);
    expect((await getUserByEmail(db, user.email))!.id).toBe(user.id);
    expect((await mailsTo(user.email)).filter((m) => NOTICE_SUBJECT.test(m.subject))).toEqual([]);
  });

  it('stops working once the password is changed', async () => {
    const { user, agent, link } = await changeRequested();
    const changed = await submit(agent, '/account/password', '/account/password', { currentPassword: PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(changed.status).toBe(303);

    expect((await useLink(request.agent(app), link)).status).toBe(400);
    expect((await getUserById(db, user.id))!.email).toBe(user.email);
  });
});
