/** The job lease against DynamoDB Local: a long run keeps its lease; a lost lease is not renewed. */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { acquireLease, isLeaseHeld, runExclusively } from '../../../src/jobs/lease';
import { buildTestApp } from '../../helpers/app';

const { deps } = buildTestApp();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const aJobName = () => `lease-test-${randomUUID().slice(0, 8)}`;

describe('the job lease', () => {
  it('is renewed while a job runs longer than the lease, so no other process starts it meanwhile', async () => {
    const job = aJobName();
    let othersGotIt: boolean | undefined;
    const ran = runExclusively(deps.db, job, 600, async () => {
      await sleep(1500);
      othersGotIt = Boolean(await acquireLease(deps.db, job, 600));
      expect(await isLeaseHeld(deps.db, job)).toBe(true);
    });

    expect(await ran).toBe(true);
    expect(othersGotIt).toBe(false);
    expect(await isLeaseHeld(deps.db, job)).toBe(false);
    expect(await acquireLease(deps.db, job, 600)).toBeDefined();
  });

  it('stops renewing once the lease expired and someone else took it', async () => {
    const job = aJobName();
    const mine = (await acquireLease(deps.db, job, 60_000))!;
    // Our lease ran out (a long GC pause, say) and another process took the job.
    await deps.db.doc.send(
      new UpdateCommand({ TableName: deps.db.tables.jobs, Key: { pk: `LEASE#${job}`, sk: 'LEASE' }, UpdateExpression: 'SET leaseUntil = :past', ExpressionAttributeValues: { ':past': Date.now() - 1 } }),
    );
    const theirs = await acquireLease(deps.db, job, 60_000);
    expect(theirs).toBeDefined();

    expect(await mine.renew()).toBe(false);
    await mine.release();
    expect(await isLeaseHeld(deps.db, job)).toBe(true);
    expect(await theirs!.renew()).toBe(true);
  });
});
