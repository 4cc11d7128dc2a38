/**
 * T-ARCH-05: DynamoDB throttles 30 % of the archiver's selecting Queries and deleting transactions.
 * The run still completes, backing off, and loses and duplicates nothing. (The archiver deletes
 * with one transaction per visit, never BatchWriteItem, so there are no UnprocessedItems to redo.)
 * Tables of this file's own, so no other test's visits are due here.
 */
import { randomUUID } from 'node:crypto';
import { archiveAppointments } from '../../../src/archive';
import { getArchivePointer } from '../../../src/appointments/repository';
import { getAppointment } from '../../../src/appointments/repository';
import type { Appointment } from '../../../src/appointments/types';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { createDb } from '../../../src/platform/db/client';
import { createS3 } from '../../../src/platform/s3';
import { buildTestApp } from '../../helpers/app';
import { archiveContents, duplicates } from './s3-contents';
import { aPastVisit, daysAgoAt } from './visits';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}archthrottle-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });
const storage = createS3(deps.config);
const root = `test-archive/${randomUUID().slice(0, 8)}/throttled`;

beforeAll(() => ensureTables(deps.db.client, PREFIX));

/** A client on the same tables whose Queries and TransactWriteItems are throttled at `rate`. */
function throttledDb(rate: number) {
  const db = createDb(deps.config);
  const throttled = { Query: 0, TransactWriteItems: 0 };
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName?.replace(/Command$/, '') as keyof typeof throttled | undefined;
      if (command && command in throttled && Math.random() < rate) {
        throttled[command]++;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    },
    { step: 'initialize', name: 'throttle' },
  );
  return { db, throttled };
}

it('completes with backoff, and every finished visit is archived exactly once', async () => {
  const statuses = ['completed', 'cancelled', 'no-show'] as const;
  const eligible: Appointment[] = [];
  for (let i = 0; i < 24; i++) {
    const time = `${String(8 + Math.floor(i / 3)).padStart(2, '0')}:${String((i % 3) * 20).padStart(2, '0')}`;
    eligible.push(await aPastVisit(deps, { start: daysAgoAt(deps, 3 + (i % 3), time), status: statuses[i % 3] }));
  }
  const ongoing = await aPastVisit(deps, { start: daysAgoAt(deps, 3, '17:00'), status: 'booked' });
  const { db, throttled } = throttledDb(0.3);

  const summary = await archiveAppointments({ db, storage, config: deps.config }, { root, partSize: 5 });

  expect(throttled.Query).toBeGreaterThan(0);
  expect(throttled.TransactWriteItems).toBeGreaterThan(2);
  expect(summary).toMatchObject({ copied: 24, removed: 24, skippedChanged: 0 });
  const contents = await archiveContents(storage, root);
  expect(contents.mismatches).toEqual([]);
  expect(duplicates(contents.lines)).toEqual([]);
  expect(contents.lines.map((l) => l.id).sort()).toEqual(eligible.map((a) => a.id).sort());
  for (const visit of eligible) {
    expect(await getAppointment(deps.db, visit.id)).toBeUndefined();
    expect(await getArchivePointer(deps.db, visit.id)).toMatchObject({ version: visit.version });
  }
  expect(await getAppointment(deps.db, ongoing.id)).toBeDefined();
});
