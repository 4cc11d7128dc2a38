/**
 * The outbox against real DynamoDB Local, in tables of its own (a dispatcher sends everything due,
 * so it must not see other files' notifications). Senders are stand-ins here so that failures can
 * be injected; the real SES and SNS senders have their own tests.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { bookAppointment } from '../../../src/appointments/booking/service';
import type { Mailer, SmsSender } from '../../../src/notifications';
import { PermanentDeliveryError } from '../../../src/notifications/channels';
import { createDispatcher, DEFAULT_DISPATCH } from '../../../src/notifications/dispatcher';
import { listInbox, markRead, unreadCount } from '../../../src/notifications/inbox';
import { outboxKey, type OutboxItem } from '../../../src/notifications/outbox';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { aDoctorWithPlan, bookingContext, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { aPatient } from '../../helpers/users';

const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}outbox-` });
const { db, config, logger } = deps;
const zone = config.timeZone;
// Booking here must not kick the app's own dispatcher: each test drives its own.
const ctx = bookingContext({ db, config });

beforeAll(() => ensureTables(db.client, config.tablePrefix));

/** Records what it "sends"; fails while `failures` is above zero, or for ever with `poison`. */
function recordingMailer(options: { failures?: number; poison?: string } = {}) {
  const sent: string[] = [];
  let failures = options.failures ?? 0;
  const mailer: Mailer = {
    async send(message) {
      if (message.to === options.poison) throw new PermanentDeliveryError('Address rejected');
      if (failures-- > 0) throw new Error('Throttling: rate exceeded');
      sent.push(message.to);
      return `mail-${sent.length}`;
    },
  };
  return { mailer, sent };
}

function recordingSms() {
  const sent: string[] = [];
  const sms: SmsSender = { send: async ({ to }) => (sent.push(to), `sms-${sent.length}`) };
  return { sms, sent };
}

const read = async (id: string) => (await db.doc.send(new GetCommand({ TableName: db.tables.notifications, Key: outboxKey(id), ConsistentRead: true }))).Item as OutboxItem & { gsi1pk?: string; gsi2pk?: string };

async function outboxOf(userId: string): Promise<OutboxItem[]> {
  const result = await db.doc.send(new QueryCommand({ TableName: db.tables.notifications, IndexName: 'byDue', KeyConditionExpression: 'gsi1pk = :due', ExpressionAttributeValues: { ':due': 'DUE' } }));
  return ((result.Items ?? []) as OutboxItem[]).filter((item) => item.userId === userId);
}

async function aBooking() {
  const specialty = uniqueSpecialty();
  const doctor = await aDoctorWithPlan(deps, specialty);
  const patient = await aPatient(deps);
  const result = await bookAppointment(ctx, { patient, specialty, start: instantAt(futureWeekday(zone, 3), '10:00', zone), reason: 'Chest pain when climbing stairs', idempotencyKey: formKey() });
  if (result.kind !== 'booked') throw new Error(result.kind);
  return { patient, doctor, appointment: result.appointment };
}

describe('the outbox', () => {
  it('is written with the booking: one item for the patient and one for the doctor, with no medical details', async () => {
    const { patient, doctor } = await aBooking();
    const [mine, doctors] = await Promise.all([outboxOf(patient.id), outboxOf(doctor.id)]);
    expect(mine).toHaveLength(1);
    expect(doctors).toHaveLength(1);
    expect(mine[0].channels).toEqual({ inbox: 'pending', email: 'pending', sms: 'pending' });
    expect(mine[0].email?.calendar?.method).toBe('REQUEST');
    expect(doctors[0].channels).toEqual({ inbox: 'pending', email: 'pending' });
    expect(JSON.stringify([mine, doctors])).not.toContain('Chest pain');
    // Removed by DynamoDB's TTL 30 days after it was enqueued.
    const expiresAt = (mine[0] as OutboxItem & { expiresAt: number }).expiresAt;
    expect(expiresAt - Date.parse(mine[0].createdAt) / 1000).toBeCloseTo(30 * 86_400, -1);
  });

  it('delivers every channel once, records the message ids, and fills the inbox with an unread count', async () => {
    const { patient } = await aBooking();
    const [{ id }] = await outboxOf(patient.id);
    const mail = recordingMailer();
    const text = recordingSms();
    const dispatcher = createDispatcher({ db, mailer: mail.mailer, sms: text.sms, logger });
    await dispatcher.drain(() => new Date());
    await dispatcher.drain(() => new Date());

    const item = await read(id);
    expect(item.status).toBe('sent');
    expect(item.gsi1pk).toBeUndefined();
    expect(item.gsi2pk).toMatch(/^SENT#/);
    expect(item.messageIds).toEqual({ email: expect.stringMatching(/^mail-/), sms: expect.stringMatching(/^sms-/) });
    expect(mail.sent.filter((to) => to === patient.email)).toHaveLength(1);
    expect(text.sent.filter((to) => to === patient.phone)).toHaveLength(1);

    const [entry] = await listInbox(db, patient.id);
    expect(entry).toMatchObject({ title: 'Appointment booked', read: false });
    expect(await unreadCount(db, patient.id)).toBe(1);
    expect(await markRead(db, patient.id, entry)).toBe(entry.link);
    expect(await unreadCount(db, patient.id)).toBe(0);
    expect(await markRead(db, 'someone-else', entry)).toBeUndefined();
  });

  it('retries a failing channel later with backoff, without resending the channels that went through', async () => {
    const { patient } = await aBooking();
    const [{ id }] = await outboxOf(patient.id);
    const mail = recordingMailer({ failures: 1_000 });
    const text = recordingSms();
    const failing = createDispatcher({ db, mailer: mail.mailer, sms: text.sms, logger });
    await failing.drain(() => new Date());

    const waiting = await read(id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, channels: { inbox: 'sent', sms: 'sent' } });
    expect(waiting.channels.email).toBe('pending');
    expect(waiting.lastError).toContain('Throttling');
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.now() - 1000);
    expect(Date.parse(waiting.nextAttemptAt)).toBeLessThanOrEqual(Date.now() + DEFAULT_DISPATCH.baseBackoffMs);

    const recovered = recordingMailer();
    const later = () => new Date(Date.now() + DEFAULT_DISPATCH.baseBackoffMs + 1000);
    await createDispatcher({ db, mailer: recovered.mailer, sms: text.sms, logger }).drain(later);
    expect(await read(id)).toMatchObject({ status: 'sent', channels: { inbox: 'sent', email: 'sent', sms: 'sent' } });
    expect(recovered.sent).toContain(patient.email);
    expect(text.sent.filter((to) => to === patient.phone)).toHaveLength(1);
    expect(await listInbox(db, patient.id)).toHaveLength(1);
  });

  it('keeps an SMS that SNS refused for a while and sends it once SNS is back, without mailing twice (T-CHAOS-01)', async () => {
    const { patient } = await aBooking();
    const [{ id }] = await outboxOf(patient.id);
    const mail = recordingMailer();
    const snsDown: SmsSender = { send: async () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' })) };
    await createDispatcher({ db, mailer: mail.mailer, sms: snsDown, logger }).drain(() => new Date());
    expect(await read(id)).toMatchObject({ status: 'pending', channels: { inbox: 'sent', email: 'sent', sms: 'pending' } });

    const text = recordingSms();
    const later = () => new Date(Date.now() + DEFAULT_DISPATCH.baseBackoffMs + 1000);
    await createDispatcher({ db, mailer: mail.mailer, sms: text.sms, logger }).drain(later);
    expect(await read(id)).toMatchObject({ status: 'sent', channels: { sms: 'sent' } });
    expect(text.sent.filter((to) => to === patient.phone)).toHaveLength(1);
    expect(mail.sent.filter((to) => to === patient.email)).toHaveLength(1);
  });

  it('dead-letters a poison message at once and goes on with the rest (T-OUTBOX-01 c)', async () => {
    const poisoned = await aBooking();
    const healthy = await aBooking();
    const mail = recordingMailer({ poison: poisoned.patient.email });
    const alerts: string[] = [];
    const staff = { raise: async (subject: string, message: string) => void alerts.push(`${subject} | ${message}`) };
    await createDispatcher({ db, mailer: mail.mailer, sms: recordingSms().sms, logger, alerts: staff }).drain(() => new Date());

    expect(await outboxOf(poisoned.patient.id)).toEqual([]);
    const deadLetters = await db.doc.send(new QueryCommand({ TableName: db.tables.notifications, IndexName: 'byState', KeyConditionExpression: 'gsi2pk = :dead', ExpressionAttributeValues: { ':dead': 'DEAD' } }));
    const letter = (deadLetters.Items ?? []).find((item) => item.userId === poisoned.patient.id);
    expect(letter).toMatchObject({ status: 'dead', attempts: 1, lastError: 'email: Address rejected' });
    expect(mail.sent).toContain(healthy.patient.email);
    // The staff hear of it, without the address the error quoted.
    expect(alerts).toEqual([expect.stringContaining(`Notification dead-lettered: appointment.booked | Notification ${letter!.id}`)]);
    expect(alerts.join()).not.toContain(poisoned.patient.email);
  });

  it('gives an item whose holder hung mid-send to another process once the lease ends, which sends the rest and never that e-mail again (T-OUTBOX-01 a, simulated)', async () => {
    // The real thing, a SIGKILLed process and the SES mailbox read back, is outbox-crash.test.ts.
    const { patient } = await aBooking();
    const [{ id }] = await outboxOf(patient.id);
    const leaseMs = 300;
    // The first process claims the item and never comes back from the e-mail's send: it died.
    let stuck = false;
    const dying: Mailer = { send: () => ((stuck = true), new Promise(() => {})) };
    void createDispatcher({ db, mailer: dying, sms: recordingSms().sms, logger }, { ...DEFAULT_DISPATCH, leaseMs }).drain(() => new Date());
    await waitFor(() => stuck);
    const mail = recordingMailer();
    const text = recordingSms();
    const alerts: string[] = [];
    const staff = { raise: async (subject: string) => void alerts.push(subject) };
    const survivor = createDispatcher({ db, mailer: mail.mailer, sms: text.sms, logger, alerts: staff }, { ...DEFAULT_DISPATCH, leaseMs });
    await survivor.drain(() => new Date());
    expect(text.sent).not.toContain(patient.phone); // still leased

    await new Promise((resolve) => setTimeout(resolve, leaseMs + 100));
    await survivor.drain(() => new Date());
    // Whether the dead process's e-mail reached SES nobody can tell: it is set aside for a person, not sent twice.
    expect(mail.sent).not.toContain(patient.email);
    expect(text.sent.filter((to) => to === patient.phone)).toHaveLength(1);
    expect(await read(id)).toMatchObject({ status: 'dead', channels: { inbox: 'sent', email: 'unconfirmed', sms: 'sent' } });
    // The dying process had claimed the doctor's item too, and hung on its e-mail as well.
    expect(alerts).toEqual(Array(2).fill('Notification unconfirmed: appointment.booked'));
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error('timed out');
}
