/**
 * The local stack: DynamoDB Local, s3rver and aws-ses-v2-local, started and stopped together.
 * Importing this module loads none of them (emulators.ts): aws mode runs without them installed.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import type { Config } from '../../config';
import { startDynamoDbLocal, type RunningProcess } from './dynamodb-local';
import { assertEmulatorsInstalled, loadEmulator } from './emulators';

export { JavaMissingError } from './dynamodb-local';
export { EmulatorsMissingError } from './emulators';

export interface LocalStack {
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Keep DynamoDB in memory and S3 in a throwaway folder (tests). */
  ephemeral?: boolean;
}

export async function startLocalStack(config: Config, options: LocalStackOptions = {}): Promise<LocalStack> {
  assertEmulatorsInstalled();
  const started: RunningProcess[] = [];
  try {
    started.push(
      await startDynamoDbLocal({
        port: config.local.dynamodbPort,
        dbPath: options.ephemeral ? undefined : path.join(config.dataDir, 'dynamodb'),
      }),
    );
    started.push(await startLocalS3(config));
    started.push(await startSes(config));
  } catch (error) {
    await stopAll(started);
    throw error;
  }
  return { stop: () => stopAll(started) };
}

/** s3rver on the app's data folder (also for the backup scripts while the app is stopped). */
export async function startLocalS3(config: Config): Promise<RunningProcess> {
  const { default: S3rver } = loadEmulator<typeof import('s3rver')>('s3rver');
  const s3 = new S3rver({
    port: config.local.s3Port,
    address: '127.0.0.1',
    directory: path.join(config.dataDir, 's3'),
    silent: true,
    configureBuckets: [{ name: config.bucket }],
  });
  await s3.run();
  return { stop: () => s3.close() };
}

async function startSes(config: Config): Promise<RunningProcess> {
  const { default: startSesLocal } = loadEmulator<typeof import('aws-ses-v2-local')>('aws-ses-v2-local');
  const server: Server = await startSesLocal({ host: '127.0.0.1', port: config.local.sesPort });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function stopAll(running: RunningProcess[]): Promise<void> {
  await Promise.allSettled([...running].reverse().map((r) => r.stop()));
}
