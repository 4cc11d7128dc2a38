/** A benchmark's own local stack: in-memory DynamoDB Local, s3rver and SES on free ports, removed afterwards. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { startLocalStack } from '../../src/platform/local';
import { canConnect } from '../../src/platform/local/dynamodb-local';
import { freePort } from '../../test/helpers/ports';

export interface BenchStack {
  config: Config;
  stop(): Promise<void>;
}

export async function startBenchStack(settings: Record<string, string> = {}): Promise<BenchStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-bench-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    MEDTRACK_MODE: 'local',
    MEDTRACK_DATA_DIR: dataDir,
    MEDTRACK_TABLE_PREFIX: 'bench-',
    DYNAMODB_LOCAL_PORT: String(await freePort()),
    S3_LOCAL_PORT: String(await freePort()),
    SES_LOCAL_PORT: String(await freePort()),
    ...settings,
  });
  console.log(`Starting DynamoDB Local on port ${config.local.dynamodbPort} (in memory) ...`);
  const stack = await startLocalStack(config, { ephemeral: true });
  return {
    config,
    async stop() {
      await stack.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      const stillUp = await canConnect(config.local.dynamodbPort);
      console.log(stillUp ? `\nWARNING: something still listens on ${config.local.dynamodbPort}` : '\nLocal stack stopped.');
    },
  };
}
