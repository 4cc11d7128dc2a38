/**
 * RELIABILITY.md T-OUTBOX-01 (a), as written: "kill the app between commit and send: the
 * notification is still delivered once". Real processes (test/helpers/outbox-worker.ts) send
 * through the real local SES (aws-ses-v2-local, whose store the test reads) and are killed with
 * SIGKILL; a restarted process takes the item once the dead one's lease ends. The recipient's
 * mailbox is then read: one copy, never two. In tables of their own, so no other file's
 * notifications are due.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newNotification, notify } from '../../../src/notifications';
import { retryDeadLetter } from '../../../src/notifications/admin-outbox';
import { listInbox } from '../../../src/notifications/inbox';
import { outboxKey, type OutboxItem } from '../../../src/notifications/outbox';
import { listRecordedSms } from '../../../src/notifications/sms';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { buildTestApp, TEST_DEFAULTS } from '../../helpers/app';
import { mailsTo, type SentMail } from '../../helpers/mailbox';
import { uniqueEmail, uniquePhone } from '../../helpers/users';

const root = path.resolve(__dirname, '../../..');
const prefix = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}crash-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: prefix });
const { db, config } = deps;
/** The dying process's claim on the item; the restarted one finds it due once this has passed. */
const LEASE_MS = 1500;

beforeAll(() => ensureTables(db.client, config.tablePrefix));

function worker(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/helpers/outbox-worker.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...TEST_DEFAULTS, MEDTRACK_TABLE_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts a worker in `mode` and SIGKILLs it the moment it prints a line starting with `signal`. */
function killWhen(mode: 'die-after-send' | 'die-before-send', signal: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = worker(mode, String(LEASE_MS));
    let [stdout, stderr, seen] = ['', '', ''];
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith(signal));
      if (line && !seen) {
        seen = line;
        child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    child.once('exit', (code, killedBy) => (killedBy === 'SIGKILL' && seen ? resolve(seen) : reject(new Error(`worker ended ${code ?? killedBy} before "${signal}":\n${stdout}\n${stderr}`))));
  });
}

/** A restarted process: one drain to the end; what it delivered and which staff alerts it raised. */
function restart(): Promise<{ delivered: number; alerts: string[] }> {
  return new Promise((resolve, reject) => {
    const child = worker('drain');
    let [stdout, stderr] = ['', ''];
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop()!)) : reject(new Error(`restart exited ${code}:\n${stderr}`))));
  });
}

const afterLease = () => new Promise((resolve) => setTimeout(resolve, LEASE_MS + 300));

/** The provider's own record, read at once (mailsTo waits for the outbox to settle first). */
async function inSes(address: string): Promise<SentMail[]> {
  const { emails } = (await (await fetch(`http://127.0.0.1:${process.env.SES_LOCAL_PORT}/store`)).json()) as { emails: SentMail[] };
  return emails.filter((mail) => mail.destination.to.some((to) => to.includes(address)));
}

const stored = async (id: string) =>
  (await db.doc.send(new GetCommand({ TableName: db.tables.notifications, Key: outboxKey(id), ConsistentRead: true }))).Item as OutboxItem & { gsi1pk?: string };

/** Commits one notification on every channel, as a change would: nothing is sent yet. */
async function committed() {
  const [userId, email, phone] = [randomUUID(), uniqueEmail('crash'), uniquePhone()];
  const notification = newNotification({
    event: 'account.password-changed',
    userId,
    inbox: { title: 'Your password was changed', body: 'If this was not you, reset it now.', link: '/account' },
    email: { to: email, subject: 'Your password was changed', template: 'password-changed', data: { name: 'Meena' } },
    sms: { to: phone, text: 'Your MedTrack password was changed. Not you? Reset it now.' },
  });
  await notify({ db }, [notification]);
  return { id: notification.id, userId, email, phone };
}

describe('T-OUTBOX-01 (a): the app is killed between commit and send', () => {
  it('before anything was sent: the restarted process delivers every channel once', async () => {
    const { id, userId, email, phone } = await committed();

    const restarted = await restart();

    expect(restarted.alerts).toEqual([]);
    expect(await mailsTo(email, db)).toHaveLength(1);
    expect(await listRecordedSms(db, { to: phone })).toHaveLength(1);
    expect(await listInbox(db, userId)).toHaveLength(1);
    expect(await stored(id)).toMatchObject({ status: 'sent', channels: { inbox: 'sent', email: 'sent', sms: 'sent' } });
  });

  it('after SES accepted the e-mail but before the process recorded it (SIGKILL): the recipient still gets exactly one copy', async () => {
    const { id, userId, email, phone } = await committed();

    const accepted = await killWhen('die-after-send', 'accepted');

    // The provider really has it, and the dead process never said so.
    expect(accepted).toMatch(/^accepted \S+/);
    expect(await inSes(email)).toHaveLength(1);
    expect((await stored(id)).channels).toEqual({ inbox: 'sent', email: 'sending', sms: 'pending' });

    await afterLease();
    const restarted = await restart();

    expect(await mailsTo(email, db)).toHaveLength(1);
    // The rest of the notification went out as usual, once each.
    expect(await listRecordedSms(db, { to: phone })).toHaveLength(1);
    expect(await listInbox(db, userId)).toHaveLength(1);
    // Nobody can tell the e-mail arrived, so the staff are told to check rather than it being sent twice.
    const item = await stored(id);
    expect(item).toMatchObject({ status: 'dead', channels: { inbox: 'sent', email: 'unconfirmed', sms: 'sent' } });
    expect(item.lastError).toBe('email: interrupted mid-send, so it may or may not have arrived; not sent again');
    expect(item.gsi1pk).toBeUndefined();
    expect(restarted.alerts).toEqual(['Notification unconfirmed: account.password-changed']);
    // A later round leaves it alone.
    await restart();
    expect(await inSes(email)).toHaveLength(1);
  });

  it('after the send was marked started but before SES got it (SIGKILL): nothing goes out twice, the staff are alerted, and their retry sends it once', async () => {
    const { id, email } = await committed();

    await killWhen('die-before-send', 'sending');
    await afterLease();
    const restarted = await restart();

    // The price of never sending twice: this one waits for a person.
    expect(await mailsTo(email, db)).toEqual([]);
    expect(await stored(id)).toMatchObject({ status: 'dead', channels: { email: 'unconfirmed', sms: 'sent' } });
    expect(restarted.alerts).toEqual(['Notification unconfirmed: account.password-changed']);

    await retryDeadLetter(db, id);
    await restart();

    expect(await mailsTo(email, db)).toHaveLength(1);
    expect(await stored(id)).toMatchObject({ status: 'sent', channels: { inbox: 'sent', email: 'sent', sms: 'sent' } });
  });
});
