/**
 * The daily backup: every table of tables.ts but sessions and rate limits (TableSpec.backup says
 * why), read with a parallel Scan (a batch job, never a request), streamed into gzip JSON-lines
 * parts in S3, then the manifest that makes it complete.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DateTime } from 'luxon';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { backedUpTables } from '../platform/db/tables';
import type { Storage } from '../platform/s3';
import type { Item } from './item-json';
import { FORMAT, MANIFEST_FILE, totalsOf, type Manifest, type TableBackup } from './manifest';
import { DEFAULT_PART_LIMITS, partWriter, type PartLimits } from './parts';

export interface BackupContext {
  db: Db;
  storage: Storage;
  config: Pick<Config, 'tablePrefix' | 'timeZone'>;
}

export interface BackupOptions {
  /** Where in the bucket; `backups/<yyyy-mm-dd>` (the hospital's date) unless given. */
  folder?: string;
  now?: Date;
  segments?: number;
  limits?: PartLimits;
}

export interface BackupSummary {
  folder: string;
  tables: number;
  parts: number;
  items: number;
  bytes: number;
}

export const backupFolder = (now: Date, timeZone: string) => `backups/${DateTime.fromJSDate(now).setZone(timeZone).toISODate()}`;

/** Copies every backed-up table to S3, then writes the manifest; a folder without a manifest is incomplete. */
export async function backupAllTables(ctx: BackupContext, options: BackupOptions = {}): Promise<BackupSummary> {
  const startedAt = new Date().toISOString();
  const folder = options.folder ?? backupFolder(options.now ?? new Date(), ctx.config.timeZone);
  const { client, bucket } = ctx.storage;
  // A second run on the same day rewrites the parts; the first run's manifest must not vouch for them meanwhile.
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${folder}/${MANIFEST_FILE}` }));
  const tables: TableBackup[] = [];
  for (const spec of backedUpTables) tables.push(await backupTable(ctx, folder, spec.name, options));
  const manifest: Manifest = { format: FORMAT, tablePrefix: ctx.config.tablePrefix, startedAt, finishedAt: new Date().toISOString(), tables, totals: totalsOf(tables) };
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: `${folder}/${MANIFEST_FILE}`, Body: JSON.stringify(manifest, null, 2), ContentType: 'application/json' }),
  );
  return { folder, ...manifest.totals };
}

async function backupTable(ctx: BackupContext, folder: string, name: string, options: BackupOptions): Promise<TableBackup> {
  const writer = partWriter(ctx.storage, folder, name, options.limits ?? DEFAULT_PART_LIMITS);
  // Segments scan in parallel but write one after another; each waits for its page to be written
  // before reading the next, so at most one page per segment is in memory.
  let writing = Promise.resolve();
  const write = (items: Item[]) =>
    (writing = writing.then(async () => {
      for (const item of items) await writer.add(item);
    }));
  const TableName = ctx.config.tablePrefix + name;
  const TotalSegments = options.segments ?? 4;
  await Promise.all(
    Array.from({ length: TotalSegments }, async (_, Segment) => {
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await ctx.db.client.send(new ScanCommand({ TableName, Segment, TotalSegments, ExclusiveStartKey, ConsistentRead: true }));
        await write(page.Items ?? []);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }),
  );
  await writing;
  await writer.flush();
  const parts = writer.parts();
  return { name, items: parts.reduce((sum, p) => sum + p.items, 0), bytes: parts.reduce((sum, p) => sum + p.bytes, 0), parts };
}
