/**
 * Reads what the app really sent, from aws-ses-v2-local. Mails leave through the outbox a moment
 * after the request that caused them, so every read first waits (briefly) until the outbox holds
 * nothing still to deliver for the address: a count, or "no mail", is then the final answer, and
 * the notification's other channels (the inbox entry) are done too.
 */
import { queryAll } from '../../src/platform/db/query';
import { createDb, type Db } from '../../src/platform/db/client';
import { settleBackground, testConfig } from './app';

export interface SentMail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  at: number;
}

const WAIT_MS = 5000;
let sharedDb: Db | undefined;

const matches = (to: string, address: string) => to.toLowerCase().includes(address.toLowerCase());

/** Every mail sent to the address so far, once nothing more is on its way to it. */
export async function mailsTo(address: string, db?: Db): Promise<SentMail[]> {
  await mailSettled(address, db);
  const response = await fetch(`http://127.0.0.1:${process.env.SES_LOCAL_PORT}/store`);
  const { emails } = (await response.json()) as { emails: SentMail[] };
  return emails.filter((mail) => mail.destination.to.some((to) => matches(to, address)));
}

/**
 * Waits until no outbox item of `db` (the run's shared tables by default) with an e-mail to the
 * address is still due; gives up after a few seconds, leaving the test's own assertions to fail.
 */
export async function mailSettled(address: string, db: Db = (sharedDb ??= createDb(testConfig()))): Promise<void> {
  await settleBackground();
  const deadline = Date.now() + WAIT_MS;
  while ((await pendingMailCount(db, address)) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Outbox items mailing the address that are not delivered on every channel yet (still in the sparse byDue index). */
async function pendingMailCount(db: Db, address: string): Promise<number> {
  const items = (await queryAll(db, {
    TableName: db.tables.notifications,
    IndexName: 'byDue',
    KeyConditionExpression: 'gsi1pk = :due',
    ExpressionAttributeValues: { ':due': 'DUE' },
    ProjectionExpression: 'email.#to',
    ExpressionAttributeNames: { '#to': 'to' },
  })) as { email?: { to?: string } }[];
  return items.filter((item) => item.email?.to && matches(item.email.to, address)).length;
}

/** The first link in the newest mail to the address whose subject matches. */
export async function linkFrom(address: string, subject: RegExp, db?: Db): Promise<string> {
  const mail = (await mailsTo(address, db)).filter((m) => subject.test(m.subject)).pop();
  const link = mail?.body.text?.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no mail matching ${subject} to ${address}`);
  return link;
}

/** The path and query of an e-mailed link, to follow it on a test agent. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};
