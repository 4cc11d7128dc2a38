/**
 * The vault's metadata in the records table: one item per file under its patient, written whole
 * with its version (optimistic locking). Index keys follow the file's state, so each list is a
 * Query on a sparse index: live files, deleted files, files due for purge.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { withConflict } from '../../platform/db/errors';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { ConflictError } from '../../platform/http/errors';
import { deletedIndexKey, fileKey, INDEX_ATTRIBUTES, PURGE_PARTITION, purgeIndexKey, timelineIndexKey } from './keys';
import type { VaultFile } from './types';

export interface FilePage {
  files: VaultFile[];
  cursor?: string;
}

const PAGE_SIZE = 20;
const CHANGED = 'This file was changed a moment ago. Reload the page to see it now.';

function itemOf(file: VaultFile): Record<string, unknown> {
  const state = file.purgedAt
    ? {}
    : file.deletedAt
      ? { ...deletedIndexKey(file.patientId, file.deletedAt, file.id), ...purgeIndexKey(file.purgeAfter!, file.id) }
      : timelineIndexKey(file.patientId, file.dateAt, file.id);
  return { ...fileKey(file.patientId, file.id), ...file, ...state };
}

function toFile(item: Record<string, unknown>): VaultFile {
  const rest = { ...item };
  for (const name of ['pk', 'sk', ...INDEX_ATTRIBUTES]) delete rest[name];
  return rest as unknown as VaultFile;
}

/** Writes a new file's metadata (its object is already stored). */
export async function createFile(db: Db, file: VaultFile): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tables.records, Item: itemOf(file), ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getFile(db: Db, patientId: string, fileId: string): Promise<VaultFile | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.records, Key: fileKey(patientId, fileId), ConsistentRead: true }));
  return Item ? toFile(Item) : undefined;
}

/** Saves a changed file if nobody changed it since `before` was read; ConflictError otherwise. */
/** The same conditional write as saveFile, staged into a transaction with another feature's writes (a notice). */
export function stageFileChange(work: UnitOfWork, before: VaultFile, after: VaultFile): VaultFile {
  const saved = { ...after, version: before.version + 1 };
  work.stage(
    {
      Put: {
        TableName: work.db.tables.records,
        Item: itemOf(saved),
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': before.version },
      },
    },
    () => new ConflictError(CHANGED),
  );
  return saved;
}

export async function saveFile(db: Db, before: VaultFile, after: VaultFile): Promise<VaultFile> {
  const saved = { ...after, version: before.version + 1 };
  await withConflict(CHANGED, () =>
    db.doc.send(
      new PutCommand({
        TableName: db.tables.records,
        Item: itemOf(saved),
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': before.version },
      }),
    ),
  );
  return saved;
}

async function queryPage(db: Db, index: string, keyName: string, keyValue: string, cursor?: string, limit = PAGE_SIZE): Promise<FilePage> {
  const list = `records/${index}/${keyValue}`;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.records,
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': keyName },
      ExpressionAttributeValues: { ':v': keyValue },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor ? db.cursors.open(cursor, list) : undefined,
    }),
  );
  return {
    files: (result.Items ?? []).map(toFile),
    cursor: result.LastEvaluatedKey ? db.cursors.seal(result.LastEvaluatedKey, list) : undefined,
  };
}

/** A patient's files not deleted, by the date on the report, newest first, one page. */
export const listLiveFiles = (db: Db, patientId: string, cursor?: string, limit?: number) =>
  queryPage(db, 'filesByDate', 'gsi4pk', timelineIndexKey(patientId, '', '').gsi4pk, cursor, limit);

/** A patient's deleted files that can still be restored, latest deleted first. */
export const listDeletedFiles = (db: Db, patientId: string, cursor?: string) =>
  queryPage(db, 'deletedFiles', 'gsi2pk', deletedIndexKey(patientId, '', '').gsi2pk, cursor);

/** Deleted files whose undo time has passed, oldest first, at most `limit`. */
export async function listFilesDueForPurge(db: Db, now: string, limit: number): Promise<VaultFile[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.records,
      IndexName: 'purgeDue',
      KeyConditionExpression: 'gsi3pk = :p AND gsi3sk < :now',
      ExpressionAttributeValues: { ':p': PURGE_PARTITION, ':now': `${now}~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map(toFile);
}

export interface DatedRange {
  /** Sort keys ("<dateAt>#<fileId>") at or after `from` and strictly below `below`. */
  from: string;
  below: string;
  limit: number;
  /** Leave out the files the patient hid (a doctor's view). */
  withoutHidden: boolean;
}

/**
 * Up to `limit` of a patient's live files by the date on the report, newest first: a Query on
 * `filesByDate`, read on while hidden files (filtered out for a doctor) leave it short, so a short
 * answer always means there are no more.
 */
export async function listFilesByDate(db: Db, patientId: string, range: DatedRange): Promise<VaultFile[]> {
  const found: VaultFile[] = [];
  let start: Record<string, unknown> | undefined;
  if (range.from >= range.below) return found;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tables.records,
        IndexName: 'filesByDate',
        KeyConditionExpression: 'gsi4pk = :key AND gsi4sk BETWEEN :from AND :below',
        FilterExpression: range.withoutHidden ? '#hidden = :false' : undefined,
        ExpressionAttributeNames: range.withoutHidden ? { '#hidden': 'hidden' } : undefined,
        ExpressionAttributeValues: { ':key': timelineIndexKey(patientId, '', '').gsi4pk, ':from': range.from, ':below': range.below, ...(range.withoutHidden ? { ':false': false } : {}) },
        ScanIndexForward: false,
        // BETWEEN includes its upper end, which the range leaves out: one more, dropped below.
        Limit: range.limit + 1,
        ExclusiveStartKey: start,
      }),
    );
    found.push(...(result.Items ?? []).filter((item) => String(item.gsi4sk) < range.below).map(toFile));
    start = result.LastEvaluatedKey;
  } while (start && found.length < range.limit);
  return found.slice(0, range.limit);
}
