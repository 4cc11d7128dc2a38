/**
 * A lease in DynamoDB so that, with several processes or instances, a job runs in one of them at a
 * time: a conditional put that succeeds only when nobody holds an unexpired lease. A crashed
 * holder's lease simply expires.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';

const leaseKey = (job: string) => ({ pk: `LEASE#${job}`, sk: 'LEASE' });

export interface Lease {
  job: string;
  holder: string;
  release(): Promise<void>;
}

/** Takes the job's lease for `ttlMs`, or returns undefined when another holder has it. */
export async function acquireLease(db: Db, job: string, ttlMs: number, now = Date.now()): Promise<Lease | undefined> {
  const holder = randomUUID();
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tables.jobs,
        Item: { ...leaseKey(job), holder, leaseUntil: now + ttlMs, expiresAt: Math.ceil((now + ttlMs) / 1000) + 3600 },
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
  return {
    job,
    holder,
    release: async () => {
      try {
        await db.doc.send(
          new DeleteCommand({ TableName: db.tables.jobs, Key: leaseKey(job), ConditionExpression: 'holder = :me', ExpressionAttributeValues: { ':me': holder } }),
        );
      } catch (error) {
        // Our lease expired and someone else holds it now: theirs to release.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}

/** Runs `work` only if this process gets the lease; returns whether it ran. */
export async function runExclusively(db: Db, job: string, ttlMs: number, work: () => Promise<void>): Promise<boolean> {
  const lease = await acquireLease(db, job, ttlMs);
  if (!lease) return false;
  try {
    await work();
  } finally {
    await lease.release();
  }
  return true;
}
