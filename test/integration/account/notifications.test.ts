/**
 * The account page and its SMS preference. In tables of its own, so the outbox items of the
 * bookings here stay due for the test to read (no other file's dispatcher sends them away).
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { bookAppointment } from '../../../src/appointments/booking/service';
import type { OutboxItem } from '../../../src/notifications/outbox';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { createDb } from '../../../src/platform/db/client';
import { getUserById, type User } from '../../../src/users';
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

/** Posts the preference form as the page rendered it: its CSRF token, the box ticked or not. */
async function savePreference(agent: Agent, sms: boolean, overrides: Record<string, string> = {}) {
  const page = await accountPage(agent);
  const form = page('form[action="/account/notifications"]');
  const fields: Record<string, string> = { _csrf: String(form.find('input[name=_csrf]').val()) };
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
    const save = await visitor.post('/account/notifications').type('form').send({ _csrf, sms: 'yes' });
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
    const response = await agent.post('/account/notifications').type('form').send({ sms: 'yes' });

    expect(response.status).toBe(403);
    expect(await storedPreference(patient)).toBeUndefined();
  });

  it('ignores a version the client sends: only the box is saved, against the account as this request read it', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);

    expect((await savePreference(agent, false, { version: '999' })).status).toBe(303);
    expect(await getUserById(db, patient.id)).toMatchObject({ smsNotifications: false, version: patient.version + 1 });
  });

  it('cannot undo a password change it raced with: the late save writes only its box, or nothing (the delayed write of T-SESS-04)', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    // The version the account will have after the change: a client can send it (the form once carried it).
    const save = savePreference(agent, false, { version: String(patient.version + 1) });
    // The save has read the user (its session check) and waits at its write while the password changes.
    const released = await holdNextUserWrite(patient.id);
    await changePasswordDirectly(patient);
    released();

    const response = await save;
    const stored = (await getUserById(db, patient.id))!;
    expect(stored.passwordHash).toBe('changed-hash');
    expect(stored.sessionEpoch).toBe(patient.sessionEpoch + 1);
    expect(response.status).toBe(409);
    expect(stored.smsNotifications).toBeUndefined();
  });
  it('leaves the SMS out of a booking for a patient who turned texts off, and keeps it for one who did not', async () => {
    const specialty = uniqueSpecialty();
    await aDoctorWithPlan(deps, specialty);
    const [quiet, texted] = await Promise.all([aPatient(deps), aPatient(deps)]);
    expect((await savePreference(await signIn(app, quiet.email), false)).status).toBe(303);

    const day = futureWeekday(config.timeZone, 4);
    for (const [patient, time] of [[quiet, '10:00'], [texted, '11:00']] as const) {
      const booking = { patient: (await getUserById(db, patient.id))!, specialty, start: instantAt(day, time, config.timeZone), reason: 'Follow-up', idempotencyKey: formKey() };
      expect((await bookAppointment({ db, config, dayBoard: deps.dayBoard }, booking)).kind).toBe('booked');
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

/**
 * Holds the next write of this user's item by the app until the returned function is called; it
 * resolves once such a write is waiting, so the test can change the user in between.
 */
function holdNextUserWrite(userId: string): Promise<() => void> {
  return new Promise((waiting) => {
    const name = `hold-${userId}`;
    db.client.middlewareStack.add(
      (next) => async (args) => {
        // Before or after the document client marshalled it: { pk: 'USER#…' } or { pk: { S: 'USER#…' } }.
        type Key = { pk?: string | { S?: string } };
        const input = args.input as { TableName?: string; Key?: Key; Item?: Key };
        const raw = (input.Key ?? input.Item)?.pk;
        const pk = typeof raw === 'object' ? raw.S : raw;
        if (input.TableName === db.tables.users && pk === `USER#${userId}`) {
          db.client.middlewareStack.remove(name);
          await new Promise<void>((release) => waiting(release));
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
  });
}

/** What a password change elsewhere writes (a new hash, a new session epoch), straight to the table, past the hold. */
async function changePasswordDirectly(user: User): Promise<void> {
  const writer = createDb(config);
  await writer.client.send(
    new UpdateItemCommand({
      TableName: db.tables.users,
      Key: { pk: { S: `USER#${user.id}` }, sk: { S: 'PROFILE' } },
      UpdateExpression: 'SET passwordHash = :hash, sessionEpoch = sessionEpoch + :one, version = version + :one',
      ExpressionAttributeValues: { ':hash': { S: 'changed-hash' }, ':one': { N: '1' } },
    }),
  );
}
