/**
 * The account page and its SMS preference. In tables of its own, so the outbox items of the
 * bookings here stay due for the test to read (no other file's dispatcher sends them away).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { bookAppointment } from '../../../src/appointments/service';
import type { OutboxItem } from '../../../src/notifications/outbox';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { getUserById, saveUser, type User } from '../../../src/users';
import { aDoctorWithPlan, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, type Agent } from '../../helpers/http';
import { aDoctor, aPatient, anAdmin } from '../../helpers/users';

const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}account-` });
const { db, config } = deps;

beforeAll(() => ensureTables(db.client, config.tablePrefix));

const SMS_LABEL = 'Send me appointment reminders and updates by SMS';

async function accountPage(agent: Agent) {
  const response = await agent.get('/account').expect(200);
  return $(response.text);
}

/** Posts the preference form as the page rendered it: its CSRF token and version, the box ticked or not. */
async function savePreference(agent: Agent, sms: boolean, overrides: Record<string, string> = {}) {
  const page = await accountPage(agent);
  const form = page('form[action="/account/notifications"]');
  const fields: Record<string, string> = { _csrf: String(form.find('input[name=_csrf]').val()), version: String(form.find('input[name=version]').val()) };
  if (sms) fields.sms = String(form.find('input[name=sms]').val());
  return agent.post('/account/notifications').type('form').send({ ...fields, ...overrides });
}

const storedPreference = async (user: User) => (await getUserById(db, user.id))!.smsNotifications;

describe('the account page', () => {
  it('shows name, e-mail and phone, texts on by default, the note about account e-mails and the password link', async () => {
    const patient = await aPatient(deps, { firstName: 'Kavya', lastName: 'Menon' });
    const page = await accountPage(await signIn(app, patient.email));

    expect(page('main h1').text()).toBe('Your account');
    expect(page('[data-testid=account-name]').text()).toBe('Kavya Menon');
    expect(page('[data-testid=account-email]').text()).toBe(patient.email);
    expect(page('[data-testid=account-phone]').text().replace(/\D/g, '')).toBe(patient.phone.replace(/\D/g, ''));
    expect(page('label[for=f-sms]').text().trim()).toBe(SMS_LABEL);
    expect(page('#f-sms').is(':checked')).toBe(true);
    expect(page('#f-sms-hint').text()).toContain('Account and security e-mails');
    expect(page('main a[href="/account/password"]').text()).toBe('Change password');
    expect(page('nav a.active').text()).toBe('Account');
  });

  it.each([
    ['a doctor', aDoctor],
    ['an admin', anAdmin],
  ])('is there for %s too', async (_who, build) => {
    const user = await build(deps);
    const page = await accountPage(await signIn(app, user.email));
    expect(page('[data-testid=account-email]').text()).toBe(user.email);
  });

  it('marks Account as the current section on the change-password page', async () => {
    const patient = await aPatient(deps);
    const page = $((await (await signIn(app, patient.email)).get('/account/password').expect(200)).text);
    expect(page('nav a.active').attr('href')).toBe('/account');
  });

  it('sends visitors who are not logged in to the log-in page, for the page and for the save', async () => {
    const visitor = request.agent(app);
    const page = await visitor.get('/account');
    expect([page.status, page.headers.location]).toEqual([302, '/login?next=%2Faccount']);

    const _csrf = String($((await visitor.get('/login')).text)('input[name=_csrf]').val());
    const save = await visitor.post('/account/notifications').type('form').send({ _csrf, version: '1' });
    expect([save.status, save.headers.location]).toEqual([302, '/login?next=%2Faccount%2Fnotifications']);
  });
});

describe('the SMS preference', () => {
  it('turns texts off and on again, saying "Saved."', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);

    const off = await savePreference(agent, false);
    expect([off.status, off.headers.location]).toEqual([303, '/account']);
    const page = await accountPage(agent);
    expect(page('.flash-success').text()).toBe('Saved.');
    expect(page('#f-sms').is(':checked')).toBe(false);
    expect(await storedPreference(patient)).toBe(false);

    expect((await savePreference(agent, true)).status).toBe(303);
    expect((await accountPage(agent))('#f-sms').is(':checked')).toBe(true);
    expect(await storedPreference(patient)).toBe(true);
  });

  it.each([
    ['a box value the form never sends', { sms: 'no' }],
    ['a version that is not a number', { version: 'latest' }],
    ['no version', { version: '' }],
  ])('refuses %s with 400 and changes nothing', async (_case, overrides) => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await savePreference(agent, false, overrides);

    expect(response.status).toBe(400);
    expect(messages(response.text)).toContain('The form could not be read. Reload the page and try again.');
    const stored = (await getUserById(db, patient.id))!;
    expect([stored.version, stored.smsNotifications]).toEqual([patient.version, undefined]);
  });

  it('refuses a save without its CSRF token', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const response = await agent.post('/account/notifications').type('form').send({ version: String(patient.version) });

    expect(response.status).toBe(403);
    expect(await storedPreference(patient)).toBeUndefined();
  });

  it('answers a change made while the page was open with 409 and a clear message, then saves from the fresh page', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const staleVersion = String((await accountPage(agent))('input[name=version]').val());
    await saveUser(db, { ...patient, firstName: 'Renamed' });

    const response = await savePreference(agent, false, { version: staleVersion });
    expect(response.status).toBe(409);
    expect($(response.text)('.error-summary').text()).toContain('Your account changed while this page was open');
    expect($(response.text)('[data-testid=account-name]').text()).toContain('Renamed');
    expect(await storedPreference(patient)).toBeUndefined();

    expect((await savePreference(agent, false)).status).toBe(303);
    expect(await getUserById(db, patient.id)).toMatchObject({ firstName: 'Renamed', smsNotifications: false });
  });

  it('leaves the SMS out of a booking for a patient who turned texts off, and keeps it for one who did not', async () => {
    const specialty = uniqueSpecialty();
    await aDoctorWithPlan(deps, specialty);
    const [quiet, texted] = await Promise.all([aPatient(deps), aPatient(deps)]);
    expect((await savePreference(await signIn(app, quiet.email), false)).status).toBe(303);

    const day = futureWeekday(config.timeZone, 4);
    for (const [patient, time] of [[quiet, '10:00'], [texted, '11:00']] as const) {
      const booking = { patient: (await getUserById(db, patient.id))!, specialty, start: instantAt(day, time, config.timeZone), reason: 'Follow-up', idempotencyKey: formKey() };
      expect((await bookAppointment({ db, config }, booking)).kind).toBe('booked');
    }

    const [quietItem] = await outboxOf(quiet.id);
    const [textedItem] = await outboxOf(texted.id);
    expect(quietItem.channels).toEqual({ inbox: 'pending', email: 'pending' });
    expect(quietItem.sms).toBeUndefined();
    expect(textedItem.channels).toEqual({ inbox: 'pending', email: 'pending', sms: 'pending' });
  });
});

/** The user's outbox items still due: nothing in these tables sends them (bookings here do not kick). */
async function outboxOf(userId: string): Promise<OutboxItem[]> {
  const result = await db.doc.send(
    new QueryCommand({ TableName: db.tables.notifications, IndexName: 'byDue', KeyConditionExpression: 'gsi1pk = :due', FilterExpression: 'userId = :user', ExpressionAttributeValues: { ':due': 'DUE', ':user': userId } }),
  );
  return (result.Items ?? []) as OutboxItem[];
}
