/**
 * Changing the mobile number: a code goes to the new number, and only once it is typed does the
 * number replace the old one (the claim moves in one step); the old number and the account's
 * e-mail are told.
 */
import request from 'supertest';
import { listRecordedSms } from '../../../src/notifications';
import { getUserById, getUserByPhone, type User } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { aPatient, PASSWORD, uniquePhone } from '../../helpers/users';

const { app, deps } = buildTestApp();
const { db } = deps;

const national = (e164: string) => `0${e164.slice(3)}`;

async function textsTo(phone: string, pattern: RegExp, count = 1) {
  for (let i = 0; i < 100; i += 1) {
    const texts = (await listRecordedSms(db, { to: phone })).filter((sms) => pattern.test(sms.text));
    if (texts.length >= count) return texts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await listRecordedSms(db, { to: phone })).filter((sms) => pattern.test(sms.text));
}

const CODE = /confirm this mobile number/;
const CHANGED = /mobile number of your .* account was changed/;
const codeTextedTo = async (phone: string) => (await textsTo(phone, CODE))[0]?.text.match(/^(\d{6})/)?.[1] ?? 'none';

const askForCode = (agent: Agent, phone: string, currentPassword = PASSWORD) =>
  submit(agent, '/account/phone/change', '/account/phone/change', { phone, currentPassword });
const typeCode = (agent: Agent, code: string) => submit(agent, '/account/phone/change?sent=1', '/account/phone/change/verify', { code });
const logIn = (identifier: string) => submit(request.agent(app), '/login', '/login', { identifier, password: PASSWORD });

async function codeRequested(user?: User) {
  const owner = user ?? (await aPatient(deps));
  const agent = await signIn(app, owner.email);
  const newPhone = uniquePhone();
  const asked = await askForCode(agent, national(newPhone));
  expect([asked.status, asked.headers.location]).toEqual([303, '/account/phone/change?sent=1']);
  return { user: owner, agent, newPhone, code: await codeTextedTo(newPhone) };
}

describe('asking to change the mobile number', () => {
  it('texts a code to the new number, and the account keeps the old number until it is typed', async () => {
    const { user, agent, newPhone, code } = await codeRequested();

    expect(code).toMatch(/^\d{6}$/);
    const page = await agent.get('/account/phone/change?sent=1');
    expect(messages(page.text)).toContain('We have texted a 6-digit code to');
    expect($(page.text)('label[for=f-code]').text()).toBe('Code from the text message');
    expect(await listRecordedSms(db, { to: user.phone })).toEqual([]);
    expect((await getUserById(db, user.id))!.phone).toBe(user.phone);
    expect(await getUserByPhone(db, newPhone)).toBeUndefined();
  });

  it('needs the current password and a valid, different number', async () => {
    const user = await aPatient(deps);
    const agent = await signIn(app, user.email);

    const wrong = await askForCode(agent, uniquePhone(), 'not my password');
    expect(wrong.status).toBe(422);
    expect($(wrong.text)('#f-currentPassword-error').text()).toBe('Your current password is not correct');
    const invalid = await askForCode(agent, '12345');
    expect($(invalid.text)('#f-phone-error').text()).toBe('Enter a valid mobile number, like +91 98765 43210');
    expect($(invalid.text)('#f-phone').val()).toBe('12345');
    const same = await askForCode(agent, user.phone);
    expect($(same.text)('#f-phone-error').text()).toBe('That is already your mobile number');
  });
});

describe('typing the code', () => {
  it('moves the number to the account, and tells the old number and the e-mail address', async () => {
    const { user, agent, newPhone, code } = await codeRequested();

    const typed = await typeCode(agent, code);

    expect([typed.status, typed.headers.location]).toEqual([303, '/account']);
    expect((await getUserById(db, user.id))!).toMatchObject({ phone: newPhone, phoneVerified: true, version: user.version + 1 });
    expect((await getUserByPhone(db, newPhone))!.id).toBe(user.id);
    expect(await getUserByPhone(db, user.phone)).toBeUndefined();
    const [notice] = await textsTo(user.phone, CHANGED);
    expect(notice.text).toContain(`ending ${newPhone.slice(-4)}`);
    expect(notice.text).not.toContain(newPhone.slice(3));
    const mail = (await mailsTo(user.email)).find((m) => m.subject === 'Your mobile number was changed');
    expect(mail?.body.text).toContain(`ending ${newPhone.slice(-4)}`);
    expect((await logIn(newPhone)).headers.location).toBe('/patient');
    expect((await logIn(user.phone)).status).toBe(401);
  });

  it('counts wrong codes down, and the code works once', async () => {
    const { user, agent, newPhone, code } = await codeRequested();
    const wrong = await typeCode(agent, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(422);
    expect($(wrong.text)('#f-code-error').text()).toBe('That code is not right. 4 tries left.');

    expect((await typeCode(agent, code)).status).toBe(303);
    const again = await typeCode(agent, code);
    expect(again.status).toBe(422);
    expect($(again.text)('#f-code-error').text()).toBe('This code has expired or has been used up. Ask for a new code.');
    expect((await getUserById(db, user.id))!).toMatchObject({ phone: newPhone, version: user.version + 1 });
  });

  it('typed twice at once: the number moves once, the other finds the code used', async () => {
    const { user, agent, newPhone, code } = await codeRequested();
    const statuses = (await Promise.all([typeCode(agent, code), typeCode(agent, code)])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 422]);
    expect((await getUserById(db, user.id))!).toMatchObject({ phone: newPhone, version: user.version + 1 });
  });

  it('refuses a number another account proved meanwhile, and moves nothing', async () => {
    const { user, agent, newPhone, code } = await codeRequested();
    const other = await aPatient(deps, { phone: newPhone });

    const refused = await typeCode(agent, code);

    expect(refused.status).toBe(409);
    expect(messages(refused.text)).toContain('This number is already verified on another account. Please contact the hospital.');
    expect(await getUserById(db, user.id)).toEqual(user);
    expect((await getUserByPhone(db, newPhone))!.id).toBe(other.id);
    expect((await getUserByPhone(db, user.phone))!.id).toBe(user.id);
    expect(await textsTo(user.phone, CHANGED, 0)).toEqual([]);
  });

  it('for an account whose old number was never proven: claims the new one, and tells only the e-mail address', async () => {
    const unproven = await aPatient(deps, { phoneVerified: false });
    expect(await getUserByPhone(db, unproven.phone)).toBeUndefined();
    const { newPhone, agent, code } = await codeRequested(unproven);

    expect((await typeCode(agent, code)).status).toBe(303);

    expect((await getUserByPhone(db, newPhone))!.id).toBe(unproven.id);
    // Read once the notice's outbox item is done, e-mail and SMS alike.
    expect((await mailsTo(unproven.email)).map((m) => m.subject)).toContain('Your mobile number was changed');
    expect(await listRecordedSms(db, { to: unproven.phone })).toEqual([]);
  });
});
