/**
 * A mobile number is proven by a code sent to it before it logs anyone in or gets appointment
 * texts; registering with someone else's number tells that number's owner, not the registrant.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { listRecordedSms } from '../../../src/notifications';
import { getUserByEmail, getUserById, getUserByPhone, MAX_CODE_GUESSES, type User } from '../../../src/users';
import { patientForm } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { aPatient, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp();
const { db } = deps;

/** Registers through the form; the account's e-mail is confirmed straight away, as its owner would. */
async function registered(overrides: Record<string, string> = {}): Promise<User> {
  const form = patientForm({ password: PASSWORD, confirmPassword: PASSWORD, ...overrides });
  expect((await submit(request.agent(app), '/register', '/register', form)).status).toBe(303);
  const user = (await getUserByEmail(db, form.email))!;
  await db.doc.send(new UpdateCommand({ TableName: db.tables.users, Key: { pk: `USER#${user.id}`, sk: 'PROFILE' }, UpdateExpression: 'SET emailVerified = :t', ExpressionAttributeValues: { ':t': true } }));
  return user;
}

/** The newest code texted to the number, once the dispatcher has sent it. */
async function codeTextedTo(phone: string, count = 1): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const texts = (await listRecordedSms(db, { to: phone })).filter((sms) => /confirm this mobile number/.test(sms.text));
    if (texts.length >= count) return texts[0].text.match(/^(\d{6})/)![1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no code texted to ${phone}`);
}

const askForCode = (agent: Agent) => submit(agent, '/account/phone', '/account/phone/code', {});
const typeCode = (agent: Agent, code: string) => submit(agent, '/account/phone', '/account/phone/verify', { code });
const logInWith = (identifier: string) => submit(request.agent(app), '/login', '/login', { identifier, password: PASSWORD });

describe('a newly registered number', () => {
  it('is unconfirmed: it logs nobody in, and the account page asks to confirm it', async () => {
    const user = await registered();

    expect(user.phoneVerified).toBe(false);
    expect(await getUserByPhone(db, user.phone)).toBeUndefined();
    expect((await logInWith(user.phone)).status).toBe(401);
    const page = $((await (await signIn(app, user.email)).get('/account')).text);
    expect(page('[data-testid=phone-unverified]').text()).toBe('Not confirmed');
    expect(page('a[href="/account/phone"]').text()).toBe('Confirm it');
  });

  it('is confirmed by the code texted to it: then it logs in and the badge is gone', async () => {
    const user = await registered();
    const agent = await signIn(app, user.email);

    const before = $((await agent.get('/account/phone')).text);
    expect(before('main button').first().text()).toBe('Text me a code');
    expect(before('#f-code')).toHaveLength(0);
    const asked = await askForCode(agent);
    expect([asked.status, asked.headers.location]).toEqual([303, '/account/phone?sent=1']);
    const after = $((await agent.get('/account/phone?sent=1')).text);
    expect(after('.flash-success').text()).toContain('We have texted you a 6-digit code');
    expect(after('label[for=f-code]').text()).toBe('Code from the text message');
    const code = await codeTextedTo(user.phone);

    const confirmed = await typeCode(agent, code);
    expect([confirmed.status, confirmed.headers.location]).toEqual([303, '/account']);
    expect((await getUserById(db, user.id))!.phoneVerified).toBe(true);
    expect((await getUserByPhone(db, user.phone))!.id).toBe(user.id);
    expect((await logInWith(user.phone)).headers.location).toBe('/patient');
    expect($((await agent.get('/account')).text)('[data-testid=phone-unverified]')).toHaveLength(0);
  });

  it('counts wrong codes down, then the code is dead even when typed right', async () => {
    const user = await registered();
    const agent = await signIn(app, user.email);
    await askForCode(agent);
    const code = await codeTextedTo(user.phone);
    const wrong = code === '000000' ? '111111' : '000000';

    const first = await typeCode(agent, wrong);
    expect(first.status).toBe(422);
    expect(messages(first.text)).toContain(`That code is not right. ${MAX_CODE_GUESSES - 1} tries left.`);
    for (let i = 1; i < MAX_CODE_GUESSES; i += 1) await typeCode(agent, wrong);

    const late = await typeCode(agent, code);
    expect(late.status).toBe(422);
    expect(messages(late.text)).toContain('This code has expired or has been used up. Ask for a new code.');
    expect((await getUserById(db, user.id))!.phoneVerified).toBe(false);
  });

  it('refuses an expired code and a code that is not 6 digits', async () => {
    const user = await registered();
    const agent = await signIn(app, user.email);
    await askForCode(agent);
    const code = await codeTextedTo(user.phone);

    const malformed = await typeCode(agent, '12ab<script>');
    expect(malformed.status).toBe(422);
    expect($(malformed.text)('#f-code-error').text()).toBe('Enter the 6-digit code from the text message');

    await db.doc.send(new UpdateCommand({ TableName: db.tables.users, Key: { pk: `PHONECODE#${user.id}`, sk: 'PHONECODE' }, UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': 1 } }));
    const expired = await typeCode(agent, code);
    expect(expired.status).toBe(422);
    expect(messages(expired.text)).toContain('This code has expired');
    expect((await getUserById(db, user.id))!.phoneVerified).toBe(false);
  });

  it('texts at most 3 codes in 15 minutes', async () => {
    const user = await registered();
    const agent = await signIn(app, user.email);
    for (let i = 0; i < 3; i += 1) await askForCode(agent);
    await codeTextedTo(user.phone, 3);

    await askForCode(agent);
    expect($((await agent.get('/account/phone')).text)('.flash-error').text()).toContain('Please wait 15 minutes');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await listRecordedSms(db, { to: user.phone })).filter((sms) => /confirm this mobile number/.test(sms.text))).toHaveLength(3);
  });

  it('goes to the first account that proves it: a second account with the right code is told it is taken', async () => {
    const first = await registered();
    const second = await registered({ phone: first.phone });
    const [firstAgent, secondAgent] = [await signIn(app, first.email), await signIn(app, second.email)];
    await askForCode(firstAgent);
    const firstCode = await codeTextedTo(first.phone);
    await askForCode(secondAgent);
    const secondCode = await codeTextedTo(first.phone, 2);

    expect((await typeCode(firstAgent, firstCode)).status).toBe(303);
    const refused = await typeCode(secondAgent, secondCode);
    expect(refused.status).toBe(409);
    expect(messages(refused.text)).toContain('This number is already verified on another account');
    expect((await getUserByPhone(db, first.phone))!.id).toBe(first.id);
  });
});

describe('registering with a number another account has confirmed', () => {
  it('answers the registrant as for any number, and tells the number’s owner instead', async () => {
    const owner = await aPatient(deps);
    const form = patientForm({ phone: owner.phone });
    const response = await submit(request.agent(app), '/register', '/register', form);

    expect([response.status, response.headers.location]).toEqual([303, '/login']);
    expect((await mailsTo(form.email)).map((m) => m.subject)).toEqual(['Confirm your e-mail address']);
    expect((await mailsTo(owner.email)).map((m) => m.subject)).toEqual(['Your mobile number was used in a registration']);
    expect((await getUserByPhone(db, owner.phone))!.id).toBe(owner.id);
    expect((await getUserByEmail(db, form.email))!.phoneVerified).toBe(false);
  });
});

it('sends visitors who are not logged in to the log-in page', async () => {
  const response = await request(app).get('/account/phone');
  expect([response.status, response.headers.location]).toEqual([302, '/login?next=%2Faccount%2Fphone']);
});
