import request from 'supertest';
import { getUserByEmail } from '../../../src/users';
import { expireToken, NEW_PASSWORD, patientForm, tokenOf } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { aPatient } from '../../helpers/users';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { linkFrom, mailsTo, pathOf } from '../../helpers/mailbox';

const { app, deps } = buildTestApp();

const CONFIRM_SUBJECT = /^Confirm your e-mail address$/;
const LINK_DEAD = /This link doesn.t work any more/;

/** Registers through the form, as a visitor would; returns the address and the mailed link. */
async function registerPatient(firstName = 'Meena'): Promise<{ email: string; link: string }> {
  const form = patientForm({ firstName });
  expect((await submit(request.agent(app), '/register', '/register', form)).status).toBe(303);
  return { email: form.email, link: await linkFrom(form.email, CONFIRM_SUBJECT) };
}

/** Presses the button on the page the link opens. */
const confirm = (agent: Agent, link: string) => submit(agent, pathOf(link), '/verify-email', { token: tokenOf(link) });

const isVerified = async (email: string) => (await getUserByEmail(deps.db, email))!.emailVerified;

describe('confirming an e-mail address', () => {
  it('sends a patient who has not confirmed yet to the confirmation page instead of their home', async () => {
    const { email } = await registerPatient();
    const agent = await signIn(app, email, NEW_PASSWORD);

    const home = await agent.get('/patient');
    expect(home.status).toBe(302);
    expect(home.headers.location).toBe('/verify-email');
    const page = await agent.get('/verify-email').expect(200);
    expect(messages(page.text)).toContain(`We sent a confirmation link to ${email}`);
    expect($(page.text)('form[action="/verify-email/resend"] button').text()).toBe('Send a new link');
  });

  it('opens a confirm button from the mailed link, and confirms nothing until it is pressed', async () => {
    const { email, link } = await registerPatient();
    expect(link.startsWith('http://medtrack.test/verify-email?token=')).toBe(true);

    const page = $((await request(app).get(pathOf(link)).expect(200)).text);
    expect(page('main h1').text()).toBe('Confirm your e-mail');
    expect(page('form[action="/verify-email"] input[name=token]').val()).toBe(tokenOf(link));
    expect(page('form[action="/verify-email"] button').text()).toBe('Confirm my e-mail');
    expect(await isVerified(email)).toBe(false);
  });

  it('confirms the address when the button is pressed, and the patient can then use the portal', async () => {
    const { email, link } = await registerPatient('Farah');
    const visitor = request.agent(app);
    const confirmed = await confirm(visitor, link);

    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe('/login');
    expect(messages((await visitor.get('/login')).text)).toContain('Your e-mail address is confirmed.');
    expect(await isVerified(email)).toBe(true);
    const agent = await signIn(app, email, NEW_PASSWORD);
    expect($((await agent.get('/patient').expect(200)).text)('main h1').text()).toBe('Hello, Farah');
  });

  it('takes a signed-in patient straight home after confirming', async () => {
    const { email, link } = await registerPatient();
    const agent = await signIn(app, email, NEW_PASSWORD);

    const confirmed = await confirm(agent, link);
    expect(confirmed.headers.location).toBe('/patient');
    expect(messages((await agent.get('/patient').expect(200)).text)).toContain('Your e-mail address is confirmed.');
  });

  it('refuses a link the second time it is used', async () => {
    const { link } = await registerPatient();
    await confirm(request.agent(app), link);
    const again = await confirm(request.agent(app), link);

    expect(again.status).toBe(400);
    expect(messages(again.text)).toMatch(LINK_DEAD);
    expect($(again.text)('main a[href="/verify-email"]').text()).toBe('Ask for a new confirmation link');
  });

  it.each(['garbage', 'A'.repeat(43), 'not a token!'])('refuses a made-up token (%s) without confirming anyone', async (token) => {
    const response = await submit(request.agent(app), `/verify-email?token=${encodeURIComponent(token)}`, '/verify-email', { token });

    expect(response.status).toBe(400);
    expect(messages(response.text)).toMatch(LINK_DEAD);
  });

  it('refuses an expired link and leaves the address unconfirmed', async () => {
    const { email, link } = await registerPatient();
    await expireToken(deps, tokenOf(link));
    const response = await confirm(request.agent(app), link);

    expect(response.status).toBe(400);
    expect(messages(response.text)).toMatch(LINK_DEAD);
    expect(await isVerified(email)).toBe(false);
  });
});

describe('asking for a new confirmation link', () => {
  const resend = (agent: Agent) => submit(agent, '/verify-email', '/verify-email/resend', {});

  it('mails a new link that works, three times in 15 minutes, then asks the patient to wait', async () => {
    const { email } = await registerPatient();
    const agent = await signIn(app, email, NEW_PASSWORD);
    for (let i = 0; i < 3; i += 1) {
      const response = await resend(agent);
      expect(response.headers.location).toBe('/verify-email');
      expect(messages((await agent.get('/verify-email')).text)).toContain('We have sent you a new link.');
    }
    expect(await mailsTo(email)).toHaveLength(4);

    await resend(agent);
    const page = await agent.get('/verify-email');
    expect($(page.text)('.flash-error').text()).toBe('We have sent several links already. Please wait 15 minutes before asking again.');
    expect(await mailsTo(email)).toHaveLength(4);
    await confirm(agent, await linkFrom(email, CONFIRM_SUBJECT));
    expect(await isVerified(email)).toBe(true);
  });

  it('tells an already confirmed user so, instead of pretending to send a link', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await submit(agent, '/patient', '/verify-email/resend', {});

    expect(response.headers.location).toBe('/patient');
    expect($((await agent.get('/patient')).text)('.flash-info').text()).toBe('Your e-mail address is already confirmed.');
    expect(await mailsTo(patient.email)).toHaveLength(0);
  });

  it('sends visitors who are not logged in to the log-in page instead', async () => {
    const agent = request.agent(app);
    const response = await submit(agent, '/login', '/verify-email/resend', {});

    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2Fverify-email%2Fresend');
  });
});
