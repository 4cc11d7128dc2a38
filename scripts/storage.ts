/** Shared by the backup scripts: S3, starting s3rver on the app's data folder when the app is stopped (local mode). */
import type { Config } from '../src/config';
import { startLocalS3 } from '../src/platform/local';
import { canConnect } from '../src/platform/local/dynamodb-local';
import { createS3, type Storage } from '../src/platform/s3';

export async function withStorage<T>(config: Config, work: (storage: Storage) => Promise<T>): Promise<T> {
  const needsLocal = config.mode === 'local' && !(await canConnect(config.local.s3Port));
  const local = needsLocal ? await startLocalS3(config) : undefined;
  try {
    return await work(createS3(config));
  } finally {
    await local?.stop();
  }
}

/** "1 part", "9 parts". */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
