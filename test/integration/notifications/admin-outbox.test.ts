/**
 * The admin outbox page and dead-letter retry, against real DynamoDB Local in tables of this
 * file's own (a dispatcher sends everything due, and the backlog count must be this file's). The
 * mailer and SMS sender are stand-ins that fail on demand; the app's own dispatcher uses them too,
 * so the kick after a retry sends through them.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import request from 'supertest';
import { newNotification, notify, PermanentDeliveryError, type Mailer, type Notification, type SmsSender } from '../../../src/notifications';
import { retryDeadLetter } from '../../../src/notifications/admin-outbox';
import { createDispatcher, DEFAULT_DISPATCH } from '../../../src/notifications/dispatcher';
import { listInbox } from '../../../src/notifications/inbox';
import { outboxKey, type OutboxItem } from '../../../src/notifications/outbox';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { ConflictError, NotFoundError } from '../../../src/platform/http/errors';
import type { User } from '../../../src/users';
import { signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const prefix = process.env.MEDTRACK_TABLE_PREFIX ?? 'test-';

/** Records every call; fails for the addresses in `failing` (a temporary or a permanent error). */
function flakySenders() {
  const mailCalls: string[] = [];
  const smsCalls: string[] = [];
  const failing = new Map<string, Error>();
  const mailer: Mailer = {
    async send({ to }) {
      mailCalls.push(to);
      const error = failing.get(to);
      if (error) throw error;
      return `mail-${randomUUID()}`;
    },
  };
  const sms: SmsSender = { send: async ({ to }) => (smsCalls.push(to), `sms-${randomUUID()}`) };
  return { mailer, sms, mailCalls, smsCalls, failing };
}

const senders = flakySenders();
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${prefix}admin-outbox-` }, senders);
const { db, logger } = deps;
// A long backoff: an item that failed once is not due again within the same drain.
const sender = createDispatcher({ db, mailer: senders.mailer, sms: senders.sms, logger }, { ...DEFAULT_DISPATCH, baseBackoffMs: 60 * 60_000 });
const sendDue = () => sender.drain(() => new Date());
let admin: Agent;

beforeAll(async () => {
  await ensureTables(db.client, deps.config.tablePrefix);
  admin = await signedInAdmin(app, deps);
});

/** A secret no admin page may print: e-mails and SMS can carry one-time links. */
const SECRET = 'https://medtrack.test/reset-password?token=s3cr3t-token';

/** Enqueued the way features do (notify, no kick): inbox, e-mail and SMS to the user. */
async function enqueue(user: User, event = 'appointment.reminder'): Promise<Notification> {
  const notification = newNotification({
    event,
    userId: user.id,
    inbox: { title: 'Private inbox title', body: `Open ${SECRET}`, link: '/appointments' },
    email: { to: user.email, subject: 'Private e-mail subject', template: 'reset-password', data: { link: SECRET } },
    sms: { to: user.phone, text: `Private SMS ${SECRET}` },
  });
  await notify({ db }, [notification]);
  return notification;
}

const read = async (id: string) =>
  (await db.doc.send(new GetCommand({ TableName: db.tables.notifications, Key: outboxKey(id), ConsistentRead: true }))).Item as OutboxItem & { deadAt?: string; gsi1pk?: string; gsi1sk?: string; gsi2pk?: string; gsi2sk?: string };

/** A notification whose e-mail was refused for good: dead, with inbox and SMS delivered. */
async function aDeadLetter(user: User): Promise<Notification> {
  senders.failing.set(user.email, new PermanentDeliveryError('Address rejected'));
  const notification = await enqueue(user);
  await sendDue();
  senders.failing.delete(user.email);
  expect((await read(notification.id)).status).toBe('dead');
  return notification;
}

const outboxPage = async (agent: Agent = admin) => $((await agent.get('/admin/outbox').expect(200)).text);
const rowOf = (page: ReturnType<typeof $>, section: string, id: string) => page(`[data-testid="outbox-${section}"][data-notification="${id}"]`);
const cellText = (row: ReturnType<ReturnType<typeof $>>, label: string) => row.find(`td[data-label="${label}"]`).text().replace(/\s+/g, ' ').trim();
const texts = (row: ReturnType<ReturnType<typeof $>>, selector: string) => row.find(selector).map((_i, el) => row.find(el).text().trim()).get();
const backlogCount = (page: ReturnType<typeof $>) => Number(page('[data-testid=backlog-count]').text().match(/^(\d+)/)![1]);
const retry = (id: string, agent: Agent = admin) => submit(agent, '/admin/outbox', `/admin/outbox/${id}/retry`, {});
const callsTo = (calls: string[], address: string) => calls.filter((to) => to === address).length;

describe('the admin outbox page', () => {
  it('shows the backlog with its count, recent deliveries and dead letters, in the hospital time zone, never a message text', async () => {
    const before = backlogCount(await outboxPage());
    const patient = await aPatient(deps, { firstName: 'Kavya', lastName: 'Menon' });
    const delivered = await enqueue(patient, 'appointment.booked');
    await sendDue();
    const dead = await aDeadLetter(patient);
    senders.failing.set(patient.email, new Error('Throttling: Maximum sending rate exceeded.'));
    const waiting = await enqueue(patient, 'appointment.rescheduled');
    await sendDue();
    senders.failing.delete(patient.email);
    const fresh = await enqueue(patient, 'appointment.cancelled');

    const page = await outboxPage();
    expect(page('[data-testid=backlog-count]').text()).toBe(`${before + 2} waiting`);

    const retrying = rowOf(page, 'due', waiting.id);
    expect(cellText(retrying, 'Event')).toBe('appointment.rescheduled');
    expect(cellText(retrying, 'Recipient')).toBe('Kavya Menon');
    expect(texts(retrying, '.badge')).toEqual(['inbox: sent', 'email: pending', 'sms: sent']);
    expect(cellText(retrying, 'Attempts')).toBe('1');
    const nextAttempt = (await read(waiting.id)).nextAttemptAt;
    expect(cellText(retrying, 'Next attempt')).toBe(DateTime.fromISO(nextAttempt).setZone('Asia/Kolkata').toFormat('ccc d LLL yyyy, HH:mm'));
    expect(cellText(retrying, 'Last error')).toBe('email: Throttling: Maximum sending rate exceeded.');
    const untried = rowOf(page, 'due', fresh.id);
    expect([cellText(untried, 'Attempts'), cellText(untried, 'Last error')]).toEqual(['0', '—']);
    expect(texts(untried, '.badge')).toEqual(['inbox: pending', 'email: pending', 'sms: pending']);

    const sent = await read(delivered.id);
    const deliveredRow = rowOf(page, 'sent', delivered.id);
    expect(cellText(deliveredRow, 'Event')).toBe('appointment.booked');
    expect(cellText(deliveredRow, 'Sent at')).toBe(DateTime.fromISO(sent.sentAt!).setZone('Asia/Kolkata').toFormat('ccc d LLL yyyy, HH:mm'));
    expect(texts(deliveredRow, '.badge')).toEqual(['inbox: sent', 'email: sent', 'sms: sent']);
    expect(texts(deliveredRow, '.outbox-ids span')).toEqual([`email: ${sent.messageIds.email}`, `sms: ${sent.messageIds.sms}`]);
    expect(rowOf(page, 'sent', dead.id)).toHaveLength(0);

    const deadRow = rowOf(page, 'dead', dead.id);
    expect(cellText(deadRow, 'Last error')).toBe('email: Address rejected');
    expect(deadRow.find('[data-testid=recipient]').text()).toBe('to Kavya Menon');
    expect(deadRow.find(`form[action="/admin/outbox/${dead.id}/retry"] input[name=_csrf]`).val()).toBeTruthy();
    expect(rowOf(page, 'due', dead.id)).toHaveLength(0);

    expect(page.html()).not.toMatch(/s3cr3t|Private (inbox|e-mail|SMS)/);
  });

  it('says so when each section is empty', async () => {
    const empty = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${prefix}admin-outbox-empty-` });
    await ensureTables(empty.deps.db.client, empty.deps.config.tablePrefix);
    const page = await outboxPage(await signedInAdmin(empty.app, empty.deps));

    expect(page('[data-testid=backlog-count]').text()).toBe('0 waiting');
    expect(page('.empty').map((_i, el) => page(el).text()).get()).toEqual([
      'Nothing is waiting to be sent.',
      'Nothing was delivered today or yesterday.',
      'No dead letters: every notification was delivered or is still being tried.',
    ]);
    expect(page('tbody tr')).toHaveLength(0);
  });
});

describe('retrying a dead letter', () => {
  it('puts it back in the queue with attempts reset and only the failed channel pending', async () => {
    const dead = await aDeadLetter(await aPatient(deps));
    const before = await read(dead.id);
    expect(before).toMatchObject({ attempts: 1, channels: { inbox: 'sent', email: 'pending', sms: 'sent' }, gsi2pk: 'DEAD' });
    const at = new Date(Date.now() + 60 * 60_000);

    await retryDeadLetter(db, dead.id, at);

    const after = await read(dead.id);
    expect(after).toMatchObject({ status: 'pending', attempts: 0, channels: { inbox: 'sent', email: 'pending', sms: 'sent' }, nextAttemptAt: at.toISOString() });
    expect([after.gsi1pk, after.gsi1sk]).toEqual(['DUE', `${at.toISOString()}#${dead.id}`]);
    expect([after.gsi2pk, after.gsi2sk, after.deadAt]).toEqual([undefined, undefined, undefined]);
    expect(after.lastError).toBe('email: Address rejected');
    await expect(retryDeadLetter(db, dead.id)).rejects.toThrow(ConflictError);
    await expect(retryDeadLetter(db, randomUUID())).rejects.toThrow(NotFoundError);
  });

  it('queues it from the page and kicks the dispatcher, which sends only the e-mail that failed', async () => {
    const patient = await aPatient(deps);
    const dead = await aDeadLetter(patient);
    expect(callsTo(senders.mailCalls, patient.email)).toBe(1);

    const response = await retry(dead.id);
    expect([response.status, response.headers.location]).toEqual([303, '/admin/outbox']);
    expect(messages((await admin.get('/admin/outbox')).text)).toContain('Queued again.');
    await deps.outbox.idle();

    expect(await read(dead.id)).toMatchObject({ status: 'sent', attempts: 0, channels: { inbox: 'sent', email: 'sent', sms: 'sent' } });
    expect(callsTo(senders.mailCalls, patient.email)).toBe(2);
    expect(callsTo(senders.smsCalls, patient.phone)).toBe(1);
    expect(await listInbox(db, patient.id)).toHaveLength(1);
    const page = await outboxPage();
    expect(rowOf(page, 'sent', dead.id)).toHaveLength(1);
    expect(rowOf(page, 'dead', dead.id)).toHaveLength(0);
  });

  it('refuses, with 409 and nothing changed, a notification that is not dead: retried already, delivered, or still queued', async () => {
    const patient = await aPatient(deps);
    const dead = await aDeadLetter(patient);
    expect((await retry(dead.id)).status).toBe(303);
    await deps.outbox.idle();
    const delivered = await read(dead.id);

    const again = await retry(dead.id);
    expect(again.status).toBe(409);
    expect(messages(again.text)).toContain('This notification is already delivered; only a dead letter can be retried.');
    expect(await read(dead.id)).toEqual(delivered);
    expect(callsTo(senders.mailCalls, patient.email)).toBe(2);

    const queued = await enqueue(patient);
    const stillQueued = await retry(queued.id);
    expect(stillQueued.status).toBe(409);
    expect(messages(stillQueued.text)).toContain('This notification is already queued; only a dead letter can be retried.');
    expect((await read(queued.id)).attempts).toBe(0);
  });

  it('answers 404 for an unknown notification and 400 for something that is not an id', async () => {
    const unknown = await retry(randomUUID());
    expect(unknown.status).toBe(404);
    expect(messages(unknown.text)).toContain('There is no notification with that id.');

    for (const id of ['not-an-id', "1'%20OR%201=1", 'x'.repeat(300)]) {
      const malformed = await retry(id);
      expect([id, malformed.status]).toEqual([id, 400]);
      expect(messages(malformed.text)).toContain('That is not a notification id.');
    }
  });

  it('needs the form token: a post without it changes nothing', async () => {
    const dead = await aDeadLetter(await aPatient(deps));
    const response = await admin.post(`/admin/outbox/${dead.id}/retry`).type('form').send({});
    expect(response.status).toBe(403);
    expect((await read(dead.id)).status).toBe('dead');
  });
});

describe('who may see the outbox', () => {
  it.each(['patient', 'doctor'] as const)('refuses a %s the page and the retry with 403', async (role) => {
    const user = role === 'patient' ? await aPatient(deps) : await aDoctor(deps);
    const dead = await aDeadLetter(await aPatient(deps));
    const agent = await signIn(app, user.email);

    const page = await agent.get('/admin/outbox');
    expect(page.status).toBe(403);
    expect(messages(page.text)).toContain('You do not have access to this page.');
    expect((await submit(agent, '/account/password', `/admin/outbox/${dead.id}/retry`, {})).status).toBe(403);
    expect((await read(dead.id)).status).toBe('dead');
  });

  it('sends an anonymous visitor to log in', async () => {
    const response = await request(app).get('/admin/outbox');
    expect([response.status, response.headers.location]).toEqual([302, `/login?next=${encodeURIComponent('/admin/outbox')}`]);
  });
});
