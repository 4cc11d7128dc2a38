/**
 * Account and security mails go through the outbox: each commits in one transaction with the change
 * it reports, and survives SES being down. These run in tables of their own, so that no other test
 * file's dispatcher sends (or fails to send) what a test here holds back.
 */
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { createApp } from '../../../src/app';
import { createAuthLimits } from '../../../src/auth/limits';
import { registerPatientSchema } from '../../../src/auth/schemas';
import { changePassword, register, type AuthContext } from '../../../src/auth/service';
import { createDispatcher, createSesMailer, createSmsSender, type Mailer } from '../../../src/notifications';
import { DEFAULT_DISPATCH } from '../../../src/notifications/dispatcher';
import { listInbox } from '../../../src/notifications/inbox';
import type { OutboxItem } from '../../../src/notifications/outbox';
import type { Db } from '../../../src/platform/db/client';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { ConflictError } from '../../../src/platform/http/errors';
import { getUserByEmail, getUserById, hashToken, updateUser } from '../../../src/users';
import { NEW_PASSWORD, patientForm, tokenOf } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { signIn, submit } from '../../helpers/http';
import { linkFrom, mailsTo, pathOf } from '../../helpers/mailbox';
import { aPatient, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}account-mails-` });
const { config, logger } = deps;

beforeAll(() => ensureTables(deps.db.client, config.tablePrefix));

type Write = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The real tables, keeping every transaction asked of them, so a test can look for each write afterwards. */
function recordingDb(): { db: Db; transactions: Write[][] } {
  const transactions: Write[][] = [];
  const send = (command: Parameters<Db['doc']['send']>[0]) => {
    if (command instanceof TransactWriteCommand) transactions.push(command.input.TransactItems ?? []);
    return deps.db.doc.send(command);
  };
  return { db: { ...deps.db, doc: { send } as unknown as Db['doc'] }, transactions };
}

const contextOn = (db: Db): AuthContext => ({ ...deps, db, limits: createAuthLimits(config, db) });

/** What a write of a transaction left in its table (undefined when it never committed). */
async function stored(write: Write): Promise<Record<string, unknown> | undefined> {
  const { TableName, Item } = write.Put!;
  const result = await deps.db.doc.send(new GetCommand({ TableName, Key: { pk: Item!.pk, sk: Item!.sk }, ConsistentRead: true }));
  return result.Item;
}

const outboxWrite = (transaction: Write[]) => transaction.find((write) => String(write.Put?.Item?.pk).startsWith('OUTBOX#'))!;
const tokenWrite = (transaction: Write[]) => transaction.find((write) => String(write.Put?.Item?.pk).startsWith('TOKEN#'))!;
const newPatientInput = (overrides: Record<string, string> = {}) => registerPatientSchema(config.defaultCountry).parse(patientForm(overrides));

describe('account mails and the change they report commit together', () => {
  it('a registration stores its token and the mail carrying that token, without an inbox entry', async () => {
    const { db, transactions } = recordingDb();
    const input = newPatientInput();
    await register(contextOn(db), input, 'patient');

    const [created] = transactions;
    const token = await stored(tokenWrite(created));
    const mail = (await stored(outboxWrite(created))) as unknown as OutboxItem;
    const user = await getUserByEmail(deps.db, input.email);
    expect(token).toMatchObject({ purpose: 'verify-email', userId: user!.id });
    expect(mail).toMatchObject({ userId: user!.id, email: { to: input.email, template: 'verify-email' } });
    // Its only channel is e-mail (how far the dispatcher got with it by now does not matter here).
    expect(Object.keys(mail.channels)).toEqual(['email']);
    expect(mail.inbox).toBeUndefined();
    expect(`TOKEN#${hashToken(tokenOf(String(mail.email!.data.link)))}`).toBe(token!.pk);
  });

  it('a registration with a number another account confirmed makes the account, and tells the owner without a link', async () => {
    const owner = await aPatient(deps);
    const { db, transactions } = recordingDb();
    const input = newPatientInput({ phone: owner.phone });
    await register(contextOn(db), input, 'patient');
    await deps.background.idle();

    const [created, told] = transactions;
    expect(transactions).toHaveLength(2);
    expect(await stored(tokenWrite(created))).toBeDefined();
    expect((await getUserByEmail(deps.db, input.email))!.phoneVerified).toBe(false);
    const notice = (await stored(outboxWrite(told))) as unknown as OutboxItem;
    expect(notice).toMatchObject({ userId: owner.id, email: { to: owner.email, template: 'phone-in-use' } });
    expect(notice.email!.data.link).toBeUndefined();
    expect(notice.inbox).toBeUndefined();
  });

  it('a password change that loses a race to another change is a conflict and writes no notice', async () => {
    const patient = await aPatient(deps);
    await updateUser(deps.db, patient, { smsNotifications: false });
    const { db, transactions } = recordingDb();

    await expect(changePassword(contextOn(db), patient, PASSWORD, NEW_PASSWORD)).rejects.toBeInstanceOf(ConflictError);
    expect(outboxWrite(transactions[0])).toBeDefined();
    expect(await stored(outboxWrite(transactions[0]))).toBeUndefined();
    expect((await getUserById(deps.db, patient.id))!.passwordHash).toBe(patient.passwordHash);
  });
});

describe('when SES is down', () => {
  it('registration still succeeds, and the confirmation mail goes once SES is back', async () => {
    await deps.outbox.idle();
    const tried: string[] = [];
    const sesDown: Mailer = {
      async send(message) {
        tried.push(message.to);
        throw new Error('Throttling: SES is unavailable');
      },
    };
    const sms = createSmsSender(config, deps.db);
    const outage = createDispatcher({ db: deps.db, mailer: sesDown, sms, logger });
    const form = patientForm();

    const response = await submit(request.agent(createApp({ ...deps, outbox: outage })), '/register', '/register', form);
    await outage.idle();
    expect([response.status, response.headers.location]).toEqual([303, '/login']);
    expect(await getUserByEmail(deps.db, form.email)).toMatchObject({ emailVerified: false });
    expect(tried).toEqual([form.email]);

    const afterBackoff = () => new Date(Date.now() + DEFAULT_DISPATCH.baseBackoffMs + 1000);
    const recovered = createDispatcher({ db: deps.db, mailer: createSesMailer(config), sms, logger });
    expect(await recovered.drain(afterBackoff)).toBeGreaterThanOrEqual(1);
    const mails = await mailsTo(form.email, deps.db);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your e-mail address']);

    const link = await linkFrom(form.email, /^Confirm your e-mail address$/, deps.db);
    expect((await submit(request.agent(app), pathOf(link), '/verify-email', { token: tokenOf(link) })).status).toBe(303);
    expect((await getUserByEmail(deps.db, form.email))!.emailVerified).toBe(true);
  });
});

describe('the inbox', () => {
  it('gets the password-changed notice but never a secret link, and account mails ignore the SMS preference', async () => {
    const form = patientForm();
    await submit(request.agent(app), '/register', '/register', form);
    const confirmLink = await linkFrom(form.email, /^Confirm your e-mail address$/, deps.db);
    await submit(request.agent(app), pathOf(confirmLink), '/verify-email', { token: tokenOf(confirmLink) });
    const user = (await getUserByEmail(deps.db, form.email))!;
    await updateUser(deps.db, user, { smsNotifications: false });

    await submit(request.agent(app), '/forgot-password', '/forgot-password', { email: form.email });
    const resetLink = await linkFrom(form.email, /^Reset your password$/, deps.db);
    const agent = await signIn(app, form.email, NEW_PASSWORD);
    const changed = await submit(agent, '/account/password', '/account/password', { currentPassword: NEW_PASSWORD, password: 'another long passphrase', confirmPassword: 'another long passphrase' });
    expect(changed.status).toBe(303);

    const subjects = (await mailsTo(form.email, deps.db)).map((m) => m.subject);
    expect(subjects).toEqual(['Confirm your e-mail address', 'Reset your password', 'Your password was changed']);
    const inbox = await listInbox(deps.db, user.id);
    expect(inbox.map((entry) => [entry.title, entry.link])).toEqual([['Password changed', '/account']]);
    const everything = JSON.stringify(inbox);
    for (const secret of [tokenOf(confirmLink), tokenOf(resetLink), 'token=']) expect(everything).not.toContain(secret);
  });
});
