/**
 * `npm run bench:seed`: how long the first start's demo seed takes (target: under 20 s), on its
 * own in-memory DynamoDB Local, with how many visits and items it writes.
 */
import { performance } from 'node:perf_hooks';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '../../src/platform/db/bootstrap';
import { createBulkLoadDb, type Db } from '../../src/platform/db/client';
import { createLogger } from '../../src/platform/logger';
import { createS3 } from '../../src/platform/s3';
import { seedDemoData } from '../../src/seed';
import { startBenchStack } from './stack';

const TARGET_SECONDS = 20;

/** Counting by Scan is fine here: a benchmark of an empty database, not a request path. */
async function count(db: Db, table: string, prefix?: string): Promise<number> {
  let total = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new ScanCommand({
      TableName: table, ExclusiveStartKey, Select: 'COUNT',
      ...(prefix ? { FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': prefix } } : {}),
    }));
    total += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return total;
}

async function main(): Promise<void> {
  const { config, stop } = await startBenchStack({ NODE_ENV: 'development' });
  const db = createBulkLoadDb(config);
  try {
    await ensureTables(db.client, config.tablePrefix);
    const started = performance.now();
    await seedDemoData({ config, db, storage: createS3(config), logger: createLogger(config) });
    const seconds = (performance.now() - started) / 1000;
    const [visits, items, users] = await Promise.all([count(db, db.tables.appointments, 'APPT#'), count(db, db.tables.appointments), count(db, db.tables.users, 'USER#')]);
    console.log('');
    console.table([{ step: 'demo seed (first start)', users, visits, 'appointment-table items': items, seconds: seconds.toFixed(1), target: `< ${TARGET_SECONDS} s`, met: seconds < TARGET_SECONDS ? 'yes' : 'NO' }]);
  } finally {
    db.client.destroy();
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
