/**
 * Sends what the outbox holds. Every process runs one: kicked right after a commit and swept every
 * few seconds. An item is claimed with a conditional write (a lease), so exactly one process works
 * on it; a holder that dies loses the lease when it expires and the item becomes due again.
 *
 * A recipient never gets the same e-mail or SMS twice because a process died. SES and SNS take no
 * idempotency key and cannot be asked what they accepted, so before calling them the channel is
 * marked 'sending', and 'sent' once they accept. The next holder of an item that died in between
 * cannot know whether the provider took it: that channel becomes 'unconfirmed', is not sent again
 * by itself, and the item is dead-lettered with a staff alert; an admin who finds it never arrived
 * sends it again from /admin/outbox. A process that dies before the 'sending' mark (the common
 * case: after the commit, before the send) leaves the channel pending, and it is sent once.
 * An error from the provider (throttling, a refusal, a timeout) is retried with backoff as before:
 * a timeout whose request SES did accept is the one way a copy can still go out twice.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db/client';
import { JOB_RETRY, withRetry } from '../platform/db/retry';
import type { Logger } from '../platform/logger';
import type { Mailer, SmsSender } from './channels';
import type { StaffAlerts } from './staff-alerts';
import { createRecordingTopicSender, type TopicSender } from './topic';
import { deliverToInbox } from './inbox';
import { close, markChannel } from './delivery-state';
import { CHANNELS, type Channel, type OutboxItem } from './outbox';
import { claim, dueItems } from './queue';

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
  /** The staff SNS topic; without one, messages are recorded as in local mode. */
  topic?: TopicSender;
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

type Failure = { channel: Channel; error: unknown };

/**
 * Sends each channel still pending, then closes the item: sent, retried later, or dead. False when
 * nothing was delivered now, or the lease was lost (another process owns the item then).
 */
async function deliver(deps: DispatcherDeps, item: OutboxItem, owner: string, now: () => Date, options: DispatcherOptions): Promise<boolean> {
  // Left 'sending' by a holder that died mid-send: never sent again by itself (see the header).
  const interrupted = CHANNELS.filter((c) => item.channels[c] === 'sending');
  for (const channel of interrupted) if (!(await markChannel(deps.db, item.id, owner, channel, 'unconfirmed'))) return false;
  const failures = await sendPending(deps, item, owner);
  if (!failures) return false;
  const unconfirmed = CHANNELS.filter((c) => item.channels[c] === 'unconfirmed' || interrupted.includes(c));
  if (!failures.length && !unconfirmed.length) return close(deps.db, item.id, owner, { status: 'sent', at: now() });
  if (!failures.length) return setAside(deps, item, owner, unconfirmed, now());
  const permanent = failures.some((f) => (f.error as Error).name === 'PermanentDeliveryError');
  const attempts = item.attempts + 1;
  const lastError = [...failures.map((f) => `${f.channel}: ${(f.error as Error).message}`), ...unconfirmed.map(interruptedNote)].join('; ').slice(0, 500);
  deps.logger.warn({ notification: item.id, attempts, lastError }, 'notification delivery failed');
  // A channel that failed goes back to pending: the provider answered, so it did not take it.
  const pendingAgain = failures.map((f) => f.channel);
  if (permanent || attempts >= options.maxAttempts) {
    if (await close(deps.db, item.id, owner, { status: 'dead', at: now(), attempts, lastError, pendingAgain })) await alertDead(deps, item, attempts);
    return false;
  }
  const retryAt = new Date(now().getTime() + backoff(attempts, options));
  return close(deps.db, item.id, owner, { status: 'retry', at: retryAt, attempts, lastError, pendingAgain }).then(() => false);
}

/** Sends the pending channels in order; the failures, or undefined once the item is out of this process's hands. */
async function sendPending(deps: DispatcherDeps, item: OutboxItem, owner: string): Promise<Failure[] | undefined> {
  const failures: Failure[] = [];
  for (const channel of CHANNELS.filter((c) => item.channels[c] === 'pending')) {
    let messageId: string | undefined;
    try {
      // The in-app entry is a conditional put: sending it twice changes nothing, so no mark first.
      if (channel !== 'inbox' && !(await markChannel(deps.db, item.id, owner, channel, 'sending'))) return undefined;
      messageId = await send(deps, item, channel);
    } catch (error) {
      failures.push({ channel, error });
      continue;
    }
    if (!(await recordSent(deps, item.id, owner, channel, messageId))) return undefined;
  }
  return failures;
}

/**
 * The provider took it: records that with a job's patience. Should even that fail, the channel
 * stays 'sending' and the next holder sets it aside, which is better than sending it again.
 */
async function recordSent(deps: DispatcherDeps, id: string, owner: string, channel: Channel, messageId?: string): Promise<boolean> {
  try {
    return await withRetry(() => markChannel(deps.db, id, owner, channel, 'sent', messageId), JOB_RETRY);
  } catch (error) {
    deps.logger.error({ err: error, notification: id, channel }, 'accepted message not recorded as sent');
    return false;
  }
}

const interruptedNote = (channel: Channel) => `${channel}: interrupted mid-send, so it may or may not have arrived; not sent again`;

/** Dead-letters an item whose only problem is an interrupted channel, and tells the staff what to check. */
async function setAside(deps: DispatcherDeps, item: OutboxItem, owner: string, unconfirmed: Channel[], at: Date): Promise<false> {
  const lastError = unconfirmed.map(interruptedNote).join('; ');
  deps.logger.warn({ notification: item.id, channels: unconfirmed }, 'notification interrupted mid-send');
  if (await close(deps.db, item.id, owner, { status: 'dead', at, attempts: item.attempts, lastError, pendingAgain: [] })) {
    await deps.alerts?.raise(
      `Notification unconfirmed: ${item.event}`,
      `Notification ${item.id} (${item.event}): the process sending its ${unconfirmed.join(' and ')} stopped mid-send, so it may or may not have been delivered, and it was not sent again. Check with the recipient; if it never arrived, retry it from /admin/outbox.`,
    );
  }
  return false;
}

/** Names the event and the failed channels only: error texts can quote an address. */
function alertDead(deps: DispatcherDeps, item: OutboxItem, attempts: number): Promise<void> | undefined {
  return deps.alerts?.raise(`Notification dead-lettered: ${item.event}`, `Notification ${item.id} (${item.event}) could not be delivered after ${attempts} attempt(s). Retry it from /admin/outbox once the cause is fixed.`);
}

async function send(deps: DispatcherDeps, item: OutboxItem, channel: Channel): Promise<string | undefined> {
  if (channel === 'inbox') return deliverToInbox(deps.db, { ...item, inbox: item.inbox! }).then(() => undefined);
  if (channel === 'email') return deps.mailer.send(item.email!);
  if (channel === 'topic') return (deps.topic ?? createRecordingTopicSender(deps.db)).publish(item.topic!);
  return deps.sms.send(item.sms!);
}

/** Full jitter: a random wait up to base x 2^(attempt-1), capped. */
function backoff(attempt: number, options: DispatcherOptions): number {
  return Math.random() * Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** (attempt - 1));
}
