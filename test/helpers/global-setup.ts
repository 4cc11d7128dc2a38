/**
 * Starts the real local stack once per test run, on free ports, with DynamoDB in memory, and
 * creates the tables under a run-unique prefix. Workers read the settings from process.env.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/platform/db/client';
import { ensureTables } from '../../src/platform/db/bootstrap';
import { startLocalStack } from '../../src/platform/local';
import { freePort } from './ports';

export default async function globalSetup(): Promise<void> {
  if (process.argv.some((arg) => arg === 'unit')) return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-test-'));
  Object.assign(process.env, {
    NODE_ENV: 'test',
    MEDTRACK_MODE: 'local',
    MEDTRACK_DATA_DIR: dataDir,
    MEDTRACK_TABLE_PREFIX: `test${Date.now().toString(36)}-`,
    DYNAMODB_LOCAL_PORT: String(await freePort()),
    S3_LOCAL_PORT: String(await freePort()),
    SES_LOCAL_PORT: String(await freePort()),
  });
  const config = loadConfig({ ...process.env });
  const stack = await startLocalStack(config, { ephemeral: true });
  (globalThis as { __medtrackStack?: unknown }).__medtrackStack = { stack, dataDir };
  // A busy machine (Chromium, the JVM and two workers on two cores) can take seconds to answer the first calls.
  const patient = loadConfig({ ...process.env, MEDTRACK_DYNAMODB_CONNECT_TIMEOUT_MS: '10000', MEDTRACK_DYNAMODB_REQUEST_TIMEOUT_MS: '10000' });
  await ensureTables(createDb(patient).client, config.tablePrefix);
}
