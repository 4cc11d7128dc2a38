/**
 * T-OUTBOX-01 (b): SES fails for a while. Bookings through the real app keep succeeding, the
 * outbox backlog grows and nothing goes out by e-mail; once SES is back, one drain empties the
 * backlog and aws-ses-v2-local receives every e-mail exactly once.
 *
 * The failure is real, below the app's own code: the real SES mailer pointed at a port where
 * nobody listens (connection refused), or at a stand-in SES that answers every call with SES's
 * Throttling error. The app runs in tables of its own, so its dispatcher sees only these bookings.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { createSpecialty } from '../../../src/directory';
import { createSesMailer, type Mailer } from '../../../src/notifications';
import type { OutboxItem } from '../../../src/notifications/outbox';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { signedInAdmin } from '../../helpers/admin';
import { buildTestApp, testConfig } from '../../helpers/app';
import { aDoctorWithPlan, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { $, signIn, type Agent } from '../../helpers/http';
import type { SentMail } from '../../helpers/mailbox';
import { freePort } from '../../helpers/ports';
import { aPatient } from '../../helpers/users';

const BOOKINGS = 6;
/** T-OUTBOX-01 (b) asks for the backlog to drain within 10 minutes of recovery. */
const RECOVERY_MS = 10 * 60_000;
const prefix = process.env.MEDTRACK_TABLE_PREFIX ?? 'test-';

/** SES as the app normally reaches it, and the outage: while `down`, every send goes to `broken`. */
const ses = { down: true, broken: undefined as Mailer | undefined };
const real = createSesMailer(testConfig());
const mailer: Mailer = { send: (message) => (ses.down ? ses.broken! : real).send(message) };

/** Answers every SES call as SES does when the account's sending rate is exceeded. */
const throttlingSes = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(400, { 'content-type': 'text/xml' });
    res.end('<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>throttled</RequestId></ErrorResponse>');
  });
});

beforeAll(() => new Promise<void>((resolve) => throttlingSes.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => throttlingSes.close(() => resolve())));

const sesAt = (port: number) => createSesMailer(testConfig({ SES_LOCAL_PORT: String(port) }));
const OUTAGES: [string, () => Promise<Mailer>, RegExp][] = [
  ['unreachable (connection refused)', async () => sesAt(await freePort()), /ECONNREFUSED/],
  ['answering Throttling', async () => sesAt((throttlingSes.address() as AddressInfo).port), /Maximum sending rate exceeded/],
];

/** What aws-ses-v2-local received, read at once: mailsTo() waits for the outbox to settle, which it cannot during an outage. */
async function receivedBy(addresses: string[]): Promise<(SentMail & { messageId: string })[]> {
  const response = await fetch(`http://127.0.0.1:${process.env.SES_LOCAL_PORT}/store`);
  const { emails } = (await response.json()) as { emails: (SentMail & { messageId: string })[] };
  return emails.filter((mail) => mail.destination.to.some((to) => addresses.some((address) => to.toLowerCase().includes(address.toLowerCase()))));
}

describe.each(OUTAGES)('when SES is %s for a while (T-OUTBOX-01 b)', (_outage, breakSes, failure) => {
  const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${prefix}ses-outage-${Math.random().toString(36).slice(2, 8)}-` }, { mailer });
  const zone = deps.config.timeZone;

  /** Every outbox item of these tables; a test may Scan, and a Scan also finds items no index holds. */
  async function outboxItems(): Promise<OutboxItem[]> {
    const result = await deps.db.doc.send(
      new ScanCommand({ TableName: deps.db.tables.notifications, FilterExpression: 'begins_with(pk, :outbox)', ExpressionAttributeValues: { ':outbox': 'OUTBOX#' }, ConsistentRead: true }),
    );
    return result.Items as OutboxItem[];
  }

  const backlogOnPage = async (admin: Agent) => $((await admin.get('/admin/outbox').expect(200)).text)('[data-testid=backlog-count]').text();

  /** Loads the booking page, then posts its form with the chosen time, like a browser. */
  async function book(agent: Agent, specialty: string, date: string, start: string) {
    const page = $((await agent.get(`/appointments/new?${new URLSearchParams({ specialty, date })}`)).text);
    const form = Object.fromEntries(page('form[action="/appointments"] input[type=hidden]').map((_i, el) => [[page(el).attr('name'), page(el).val()]]).get());
    return agent.post('/appointments').type('form').send({ ...form, start, reason: 'Persistent cough at night' });
  }

  beforeAll(async () => {
    await ensureTables(deps.db.client, deps.config.tablePrefix);
    await ensureCityGeneralCardiology(deps);
    ses.down = true;
    ses.broken = await breakSes();
  });
  afterAll(() => {
    ses.down = false;
  });

  it('keeps booking, holds every e-mail in the outbox, and after recovery delivers each exactly once', async () => {
    const specialty = uniqueSpecialty('outage');
    await createSpecialty(deps.db, { slug: specialty, name: `Outage ${specialty}`, description: 'A specialty for one test' });
    const doctor = await aDoctorWithPlan(deps, specialty);
    const patients = await Promise.all(Array.from({ length: BOOKINGS }, () => aPatient(deps)));
    const agents = await Promise.all(patients.map((patient) => signIn(app, patient.email)));
    const date = futureWeekday(zone, 3);
    const times = patients.map((_p, i) => DateTime.fromISO(`${date}T09:00`).plus({ minutes: 20 * i }).toFormat('HH:mm'));

    const responses = await Promise.all(agents.map((agent, i) => book(agent, specialty, date, instantAt(date, times[i], zone))));
    expect(responses.map((r) => [r.status, r.headers.location])).toEqual(responses.map(() => [303, expect.stringMatching(/^\/appointments\/[0-9a-f-]{36}$/)]));
    await deps.outbox.idle();

    // The outage: every e-mail waits (tried, failed, backing off); the inbox and SMS went out.
    const addresses = [doctor.email, ...patients.map((p) => p.email)];
    const waiting = await outboxItems();
    const emailed = waiting.filter((item) => item.email);
    expect(emailed).toHaveLength(2 * BOOKINGS);
    for (const item of waiting) {
      expect(item).toMatchObject({ status: 'pending', channels: { inbox: 'sent', email: 'pending' } });
      expect(item.attempts).toBeGreaterThanOrEqual(1);
      expect(item.lastError).toMatch(failure);
    }
    const admin = await signedInAdmin(app, deps);
    expect(await backlogOnPage(admin)).toBe(`${2 * BOOKINGS} waiting`);
    expect(await receivedBy(addresses)).toEqual([]);

    // SES is back: one drain, with the clock past any backoff, empties the backlog.
    ses.down = false;
    const sent = await deps.outbox.drain(() => new Date(Date.now() + RECOVERY_MS));

    expect(sent).toBe(2 * BOOKINGS);
    expect(await backlogOnPage(admin)).toBe('0 waiting');
    const delivered = await outboxItems();
    expect(delivered.map((item) => [item.status, item.channels.email])).toEqual(delivered.map(() => ['sent', 'sent']));
    const mails = await receivedBy(addresses);
    expect(mails).toHaveLength(2 * BOOKINGS);
    expect(mails.map((mail) => mail.messageId).sort()).toEqual(delivered.map((item) => item.messageIds.email).sort());
    for (const address of addresses) {
      const expected = delivered.filter((item) => item.email!.to === address).length;
      expect([address, mails.filter((mail) => mail.destination.to.some((to) => to.includes(address))).length]).toEqual([address, expected]);
    }
    expect(mails.filter((mail) => mail.destination.to.some((to) => to.includes(doctor.email)))).toHaveLength(BOOKINGS);
  });
});
