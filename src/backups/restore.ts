/**
 * Restore: the manifest first (none means incomplete: refuse), every part's checksum and item count
 * verified before a single item is written, tables created under the target prefix when missing,
 * tables that already hold items refused unless forced. Tables the backup leaves out (sessions,
 * rate limits) are skipped even where an older backup holds them: a restored session would be
 * valid again after its logout.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ScanCommand, type DynamoDB } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ensureTables } from '../platform/db/bootstrap';
import { allTables, backedUpTables } from '../platform/db/tables';
import type { Storage } from '../platform/s3';
import { BATCH_SIZE, writeBatch, type RetryPolicy } from './batch-write';
import type { Item } from './item-json';
import { BackupError, MANIFEST_FILE, manifestSchema, totalsOf, type Manifest, type PartEntry, type TableBackup } from './manifest';
import { downloadPart, readItems, streamPart } from './parts';

export interface RestoreContext {
  client: DynamoDB;
  storage: Storage;
}

/** Told as the restore goes, for a progress bar or log lines. */
export interface RestoreObserver {
  verifying?(manifest: Manifest): void;
  writing?(manifest: Manifest): void;
  wrote?(table: string, items: number): void;
  restored?(table: TableBackup): void;
}

export interface RestoreOptions {
  /** The backup folder, e.g. `backups/2025-01-31`. */
  from: string;
  tablePrefix: string;
  force?: boolean;
  observer?: RestoreObserver;
  retry?: RetryPolicy;
}

/** Restores every backed-up table of a complete, intact backup; throws BackupError (and writes nothing) otherwise. */
export async function restoreBackup(ctx: RestoreContext, options: RestoreOptions): Promise<Manifest['totals']> {
  const folder = options.from.replace(/\/+$/, '');
  const manifest = await readManifest(ctx.storage, folder);
  if (!options.force) await refuseTablesWithItems(ctx.client, manifest, options.tablePrefix);
  options.observer?.verifying?.(manifest);
  for (const table of manifest.tables) for (const part of table.parts) await verifyPart(ctx.storage, folder, part);
  await ensureTables(ctx.client, options.tablePrefix);
  options.observer?.writing?.(manifest);
  for (const table of manifest.tables) {
    for (const part of table.parts) await restorePart(ctx, `${folder}/${part.file}`, part, table.name, options);
    options.observer?.restored?.(table);
  }
  return manifest.totals;
}

async function readManifest(storage: Storage, folder: string): Promise<Manifest> {
  const where = `s3://${storage.bucket}/${folder}/${MANIFEST_FILE}`;
  let text: string;
  try {
    const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${folder}/${MANIFEST_FILE}` }));
    text = await object.Body!.transformToString();
  } catch (error) {
    if ((error as Error).name !== 'NoSuchKey') throw error;
    throw new BackupError(`No manifest at ${where}: the backup is incomplete (it failed or is still running) or the path is wrong. Nothing was restored.`);
  }
  const parsed = manifestSchema.safeParse(parseJson(text));
  if (!parsed.success) throw new BackupError(`${where} is not a MedTrack backup manifest (${parsed.error.issues[0].path.join('.') || 'file'}: ${parsed.error.issues[0].message}).`);
  const unknown = parsed.data.tables.map((t) => t.name).filter((name) => !allTables.some((spec) => spec.name === name));
  if (unknown.length) throw new BackupError(`${where} names tables MedTrack does not have: ${unknown.join(', ')}.`);
  const tables = parsed.data.tables.filter((t) => backedUpTables.some((spec) => spec.name === t.name));
  return { ...parsed.data, tables, totals: totalsOf(tables) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function refuseTablesWithItems(client: DynamoDB, manifest: Manifest, prefix: string): Promise<void> {
  const full: string[] = [];
  for (const table of manifest.tables) if (await hasItems(client, prefix + table.name)) full.push(prefix + table.name);
  if (full.length) {
    throw new BackupError(
      `These tables already hold items: ${full.join(', ')}. Restore under another --table-prefix, or add --force to write over them (items with the same key are replaced, others stay).`,
    );
  }
}

async function hasItems(client: DynamoDB, TableName: string): Promise<boolean> {
  try {
    return ((await client.send(new ScanCommand({ TableName, Limit: 1 }))).Count ?? 0) > 0;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

async function verifyPart(storage: Storage, folder: string, part: PartEntry): Promise<void> {
  const key = `${folder}/${part.file}`;
  const body = await downloadPart(storage, key).catch((error: Error) => {
    throw error.name === 'NoSuchKey' ? new BackupError(`${key} is listed in the manifest but missing from S3. Nothing was restored.`) : error;
  });
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (sha256 !== part.sha256 || body.length !== part.bytes) {
    throw new BackupError(`Checksum mismatch in ${key}: the manifest says sha256 ${part.sha256} (${part.bytes} bytes), S3 holds ${sha256} (${body.length} bytes). Nothing was restored.`);
  }
  const { items } = await readItems(Readable.from([body])).catch((error: Error) => {
    throw new BackupError(`${key} matches its checksum but cannot be read (${error.message}). Nothing was restored.`);
  });
  if (items !== part.items) throw new BackupError(`Item count mismatch in ${key}: the manifest says ${part.items}, the part holds ${items}. Nothing was restored.`);
}

async function restorePart(ctx: RestoreContext, key: string, part: PartEntry, table: string, options: RestoreOptions): Promise<void> {
  let batch: Item[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    if (!items.length) return;
    await writeBatch(ctx.client, options.tablePrefix + table, items, options.retry);
    options.observer?.wrote?.(table, items.length);
  };
  const read = await readItems(await streamPart(ctx.storage, key), async (item) => {
    batch.push(item);
    if (batch.length === BATCH_SIZE) await flush();
  });
  await flush();
  if (read.sha256 !== part.sha256) throw new BackupError(`${key} changed in S3 while it was being restored. Run the restore again with --force.`);
}
