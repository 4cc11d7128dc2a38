/**
 * Sends what the outbox holds. Every process runs one: kicked right after a commit and swept every
 * few seconds. An item is claimed with a conditional write (a lease), so exactly one process works
 * on it; a holder that dies loses the lease when it expires and the item becomes due again.
 *
 * Delivery is at least once: each channel is marked sent right after the provider accepts it, so
 * only a crash between those two steps sends that one message again (SES and SNS cannot dedupe).
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';
import type { Logger } from '../platform/logger';
import type { Mailer, SmsSender } from './channels';
import type { StaffAlerts } from './staff-alerts';
import { deliverToInbox } from './inbox';
import { DEAD, DUE, dueSortKey, outboxKey, type Channel, type OutboxItem } from './outbox';

export interface DispatcherOptions {
  /** After this many failed rounds an item is dead-lettered. */
  maxAttempts: number;
  /** How long a claim lasts; a send must finish well within it. */
  leaseMs: number;
  /** Backoff after the first failure; doubles each time, with jitter, up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Items claimed per round, and sent in parallel. */
  batchSize: number;
}

export const DEFAULT_DISPATCH: DispatcherOptions = { maxAttempts: 6, leaseMs: 60_000, baseBackoffMs: 10_000, maxBackoffMs: 60 * 60_000, batchSize: 10 };

export interface DispatcherDeps {
  db: Db;
  mailer: Mailer;
  sms: SmsSender;
  logger: Logger;
  /** Told when an item is dead-lettered: someone must look at /admin/outbox. */
  alerts?: StaffAlerts;
}

export interface Dispatcher {
  /** Asks for a round soon (after a commit); rounds never overlap within a process. */
  kick(): void;
  /** Sends everything due now; resolves when the queue is empty or nothing more is due. */
  drain(now?: () => Date): Promise<number>;
  /** Waits for the round in progress. */
  idle(): Promise<void>;
}

export function createDispatcher(deps: DispatcherDeps, options: DispatcherOptions = DEFAULT_DISPATCH): Dispatcher {
  const owner = randomUUID();
  let running: Promise<number> | undefined;
  let again = false;

  async function drain(now = () => new Date()): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await dueItems(deps.db, now(), options.batchSize);
      const claimed = (await Promise.all(due.map((item) => claim(deps.db, item, owner, now(), options.leaseMs)))).filter((i): i is OutboxItem => !!i);
      if (!claimed.length) return sent;
      const results = await Promise.all(claimed.map((item) => deliver(deps, item, owner, now, options)));
      sent += results.filter(Boolean).length;
    }
  }

  function round(): Promise<number> {
    running ??= drain()
      .catch((error) => {
        deps.logger.error({ err: error }, 'outbox round failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void round();
        }
      });
    return running;
  }

  return {
    kick() {
      if (running) again = true;
      else void round();
    },
    drain: (now) => (now ? drain(now) : round()),
    async idle() {
      while (running) await running;
    },
  };
}

async function dueItems(db: Db, now: Date, limit: number): Promise<OutboxItem[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.notifications,
      IndexName: 'byDue',
      KeyConditionExpression: 'gsi1pk = :due AND gsi1sk <= :now',
      ExpressionAttributeValues: { ':due': DUE, ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []) as unknown as OutboxItem[];
}

/** Takes the item if nobody has since: it must still be due at the very key this process saw. */
async function claim(db: Db, item: OutboxItem & { gsi1sk?: string }, owner: string, now: Date, leaseMs: number): Promise<OutboxItem | undefined> {
  const leaseEnd = new Date(now.getTime() + leaseMs).toISOString();
  try {
    const result = await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.notifications,
        Key: outboxKey(item.id),
        // While leased, the item is due again only when the lease ends (a crashed holder's item comes back).
        UpdateExpression: 'SET leaseOwner = :owner, gsi1sk = :leaseEnd',
        ConditionExpression: 'gsi1pk = :due AND gsi1sk = :seen',
        ExpressionAttributeValues: { ':owner': owner, ':leaseEnd': dueSortKey(leaseEnd, item.id), ':due': DUE, ':seen': item.gsi1sk },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes as OutboxItem;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Sends each channel still pending, then closes the item: sent, retried later, or dead. */
async function deliver(deps: DispatcherDeps, item: OutboxItem, owner: string, now: () => Date, options: DispatcherOptions): Promise<boolean> {
  const pending = (Object.keys(item.channels) as Channel[]).filter((c) => item.channels[c] === 'pending');
  const failures: { channel: Channel; error: unknown }[] = [];
  for (const channel of pending) {
    try {
      const messageId = await send(deps, item, channel);
      if (!(await markChannel(deps.db, item.id, owner, channel, messageId))) return false;
    } catch (error) {
      failures.push({ channel, error });
    }
  }
  if (!failures.length) return close(deps.db, item.id, owner, { status: 'sent', at: now() });
  const permanent = failures.some((f) => (f.error as Error).name === 'PermanentDeliveryError');
  const attempts = item.attempts + 1;
  const lastError = failures.map((f) => `${f.channel}: ${(f.error as Error).message}`).join('; ').slice(0, 500);
  deps.logger.warn({ notification: item.id, attempts, lastError }, 'notification delivery failed');
  if (permanent || attempts >= options.maxAttempts) {
    if (await close(deps.db, item.id, owner, { status: 'dead', at: now(), attempts, lastError })) await alertDead(deps, item, attempts);
    return false;
  }
  const retryAt = new Date(now().getTime() + backoff(attempts, options));
  return close(deps.db, item.id, owner, { status: 'retry', at: retryAt, attempts, lastError }).then(() => false);
}

/** Names the event and the failed channels only: error texts can quote an address. */
function alertDead(deps: DispatcherDeps, item: OutboxItem, attempts: number): Promise<void> | undefined {
  return deps.alerts?.raise(`Notification dead-lettered: ${item.event}`, `Notification ${item.id} (${item.event}) could not be delivered after ${attempts} attempt(s). Retry it from /admin/outbox once the cause is fixed.`);
}

async function send(deps: DispatcherDeps, item: OutboxItem, channel: Channel): Promise<string | undefined> {
  if (channel === 'inbox') return deliverToInbox(deps.db, { ...item, inbox: item.inbox! }).then(() => undefined);
  if (channel === 'email') return deps.mailer.send(item.email!);
  return deps.sms.send(item.sms!);
}

/** Full jitter: a random wait up to base x 2^(attempt-1), capped. */
function backoff(attempt: number, options: DispatcherOptions): number {
  return Math.random() * Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** (attempt - 1));
}

/** Records one channel as sent, only while this process still holds the lease. */
function markChannel(db: Db, id: string, owner: string, channel: Channel, messageId?: string): Promise<boolean> {
  return updateWhileHeld(db, id, owner, {
    expression: `SET channels.#channel = :sent${messageId ? ', messageIds.#channel = :messageId' : ''}`,
    names: { '#channel': channel },
    values: { ':sent': 'sent', ...(messageId ? { ':messageId': messageId } : {}) },
  });
}

type Closing = { status: 'sent'; at: Date } | { status: 'retry' | 'dead'; at: Date; attempts: number; lastError: string };

/**
 * Ends this process's hold: delivered (out of the due index), due again later, or dead-lettered.
 * False when the lease was lost meanwhile (another process owns the item now).
 */
function close(db: Db, id: string, owner: string, closing: Closing): Promise<boolean> {
  return updateWhileHeld(db, id, owner, closingUpdate(id, closing));
}

function closingUpdate(id: string, closing: Closing): Update {
  const at = closing.at.toISOString();
  if (closing.status === 'sent') {
    return {
      expression: 'SET #status = :status, sentAt = :at, gsi2pk = :state, gsi2sk = :stateKey REMOVE gsi1pk, gsi1sk, leaseOwner',
      names: { '#status': 'status' },
      values: { ':status': 'sent', ':at': at, ':state': `SENT#${at.slice(0, 10)}`, ':stateKey': `${at}#${id}` },
    };
  }
  const failure = { ':attempts': closing.attempts, ':error': closing.lastError, ':at': at };
  if (closing.status === 'dead') {
    return {
      expression: 'SET #status = :status, attempts = :attempts, lastError = :error, deadAt = :at, gsi2pk = :state, gsi2sk = :stateKey REMOVE gsi1pk, gsi1sk, leaseOwner',
      names: { '#status': 'status' },
      values: { ...failure, ':status': 'dead', ':state': DEAD, ':stateKey': `${at}#${id}` },
    };
  }
  return {
    expression: 'SET attempts = :attempts, lastError = :error, nextAttemptAt = :at, gsi1sk = :due REMOVE leaseOwner',
    values: { ...failure, ':due': dueSortKey(at, id) },
  };
}

interface Update {
  expression: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/** Applies an update only while `owner` holds the item's lease; false once it has lost it. */
async function updateWhileHeld(db: Db, id: string, owner: string, update: Update): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.notifications,
        Key: outboxKey(id),
        UpdateExpression: update.expression,
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: { ...update.values, ':owner': owner },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
