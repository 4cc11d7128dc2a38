/**
 * A lease in DynamoDB so that, with several processes or instances, a job runs in one of them at a
 * time: a conditional put that succeeds only when nobody holds an unexpired lease. The holder
 * renews it while the job runs, so a run may outlast the lease time; a crashed holder's lease
 * simply expires.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';

const leaseKey = (job: string) => ({ pk: `LEASE#${job}`, sk: 'LEASE' });

export interface Lease {
  job: string;
  holder: string;
  ttlMs: number;
  /** Pushes the expiry `ttlMs` ahead again; false when the lease expired and someone else took it. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

const expiresAt = (leaseUntil: number) => Math.ceil(leaseUntil / 1000) + 3600;

/** Takes the job's lease for `ttlMs`, or returns undefined when another holder has it. */
export async function acquireLease(db: Db, job: string, ttlMs: number, now = Date.now()): Promise<Lease | undefined> {
  const holder = randomUUID();
  const take = new PutCommand({
    TableName: db.tables.jobs,
    Item: { ...leaseKey(job), holder, leaseUntil: now + ttlMs, expiresAt: expiresAt(now + ttlMs) },
    ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
    ExpressionAttributeValues: { ':now': now },
  });
  if (!(await ifConditionFails(() => db.doc.send(take).then(() => true), false))) return undefined;
  return {
    job,
    holder,
    ttlMs,
    renew: async () => {
      const leaseUntil = Date.now() + ttlMs;
      return ifConditionFails(async () => {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.tables.jobs,
            Key: leaseKey(job),
            UpdateExpression: 'SET leaseUntil = :until, expiresAt = :expires',
            ConditionExpression: 'holder = :me',
            ExpressionAttributeValues: { ':me': holder, ':until': leaseUntil, ':expires': expiresAt(leaseUntil) },
          }),
        );
        return true;
      }, false);
    },
    release: async () => {
      // Our lease expired and someone else holds it now: theirs to release.
      await ifConditionFails(async () => {
        await db.doc.send(
          new DeleteCommand({ TableName: db.tables.jobs, Key: leaseKey(job), ConditionExpression: 'holder = :me', ExpressionAttributeValues: { ':me': holder } }),
        );
      }, undefined);
    },
  };
}

/** Whether someone holds the job's lease right now (a run is in progress somewhere). */
export async function isLeaseHeld(db: Db, job: string, now = Date.now()): Promise<boolean> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.jobs, Key: leaseKey(job), ConsistentRead: true }));
  return typeof result.Item?.leaseUntil === 'number' && result.Item.leaseUntil >= now;
}

/** Runs `work` under a lease already taken, renewing it every third of its time, then releases it. */
export async function holdWhile<T>(lease: Lease, work: () => Promise<T>): Promise<T> {
  // A failed renewal (a DynamoDB blip) is retried at the next tick, with two thirds of the time left.
  const renewal = setInterval(() => void lease.renew().catch(() => false), Math.max(1, Math.floor(lease.ttlMs / 3)));
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await lease.release();
  }
}

/** Runs `work` only if this process gets the lease; returns whether it ran. */
export async function runExclusively(db: Db, job: string, ttlMs: number, work: () => Promise<void>): Promise<boolean> {
  const lease = await acquireLease(db, job, ttlMs);
  if (!lease) return false;
  await holdWhile(lease, work);
  return true;
}
