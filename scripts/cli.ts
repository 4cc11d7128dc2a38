/** Shared by the CLI scripts: config, and a DynamoDB to talk to (starting DynamoDB Local if needed). */
import path from 'node:path';
import { loadConfig, type Config } from '../src/config';
import { createDb, type Db } from '../src/platform/db/client';
import { canConnect, startDynamoDbLocal } from '../src/platform/local/dynamodb-local';

/**
 * Runs `work` against the configured DynamoDB. In local mode with the app stopped, DynamoDB Local
 * is started on the app's data folder for the duration, so the app finds the result next start.
 */
export async function withDb<T>(work: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const needsLocal = config.mode === 'local' && !config.local.dynamodbEndpoint && !(await canConnect(config.local.dynamodbPort));
  const local = needsLocal
    ? await startDynamoDbLocal({ port: config.local.dynamodbPort, dbPath: path.join(config.dataDir, 'dynamodb') })
    : undefined;
  try {
    return await work(createDb(config), config);
  } finally {
    await local?.stop();
  }
}

export function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}
