/**
 * Backups to s3rver and restores into DynamoDB Local, in tables of this file's own prefix (a backup
 * reads whole tables) and in S3 folders of this run's own.
 */
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { DeleteTableCommand, PutItemCommand, ScanCommand, UpdateItemCommand, waitUntilTableNotExists, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { backupAllTables, BackupError, itemToLine, restoreBackup, type Manifest } from '../../../src/backups';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { allTables, backedUpTables } from '../../../src/platform/db/tables';
import { createS3 } from '../../../src/platform/s3';
import { buildTestApp } from '../../helpers/app';

type Item = Record<string, AttributeValue>;

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}backup-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });
const { db, config } = deps;
const client = db.client;
const storage = createS3(config);
const ctx = { db, storage, config };
const run = randomUUID().slice(0, 8);
const folderFor = (label: string) => `test-backups/${run}/${label}`;
/** Small parts, so that one table spans several. */
const SMALL_PARTS = { items: 40, bytes: 1024 * 1024 };

/** Every type DynamoDB has, with values that lose something when taken through plain JSON. */
const awkwardUser: Item = {
  pk: { S: 'USER#awkward' },
  sk: { S: 'PROFILE' },
  gsi1pk: { S: 'ROLE#patient' },
  gsi1sk: { S: 'awkward' },
  balance: { N: '12345678901234567890.000000000001' },
  visits: { N: '7' },
  address: { M: { city: { S: 'Pune' }, geo: { M: { lat: { N: '18.5204' }, lng: { N: '73.8567' } } }, pins: { L: [{ N: '411001' }, { NULL: true }] } } },
  allergies: { L: [{ S: 'penicillin' }, { BOOL: false }, { M: { since: { N: '2019' } } }] },
  emailVerified: { BOOL: true },
  middleName: { NULL: true },
  tags: { SS: ['vip', 'wheelchair'] },
  scores: { NS: ['1', '2.5', '-3'] },
  photo: { B: new Uint8Array([0, 1, 2, 253, 254, 255]) },
  thumbnails: { BS: [new Uint8Array([9, 9]), new Uint8Array([8])] },
};

const tableName = (prefix: string, name: string) => prefix + name;
/**
 * Never copied to S3, never brought back by a restore: live session ids and per-client counters,
 * and the append-only audit log (a restore's BatchWrite could overwrite it; it relies on
 * point-in-time recovery).
 */
const LEFT_OUT = ['sessions', 'rate-limits', 'audit'];
const backedUp = allTables.filter((spec) => !LEFT_OUT.includes(spec.name));
/** What a restore gives back: every table as it was, the left-out ones empty. */
const restoredFrom = (tables: Record<string, Item[]>) => ({ ...tables, ...Object.fromEntries(LEFT_OUT.map((name) => [name, []])) });
const backedUpCount = (tables: Record<string, Item[]>) => countOf(restoredFrom(tables));

async function seed(): Promise<void> {
  const put = (table: string, Item: Item) => client.send(new PutItemCommand({ TableName: tableName(PREFIX, table), Item }));
  await put('users', awkwardUser);
  await put('directory', { pk: { S: 'HOSPITAL#city-general' }, sk: { S: 'HOSPITAL' }, name: { S: 'City General' } });
  await put('sessions', { id: { S: 'sess:abc' }, expires: { N: '1900000000' }, sess: { S: '{"cookie":{}}' } });
  await put('rate-limits', { key: { S: 'login:127.0.0.1' }, points: { N: '3' }, expire: { N: '1900000000' } });
  await put('jobs', { pk: { S: 'RUN#backup' }, sk: { S: '2025-01-01T03:00:00.000Z#1' }, outcome: { S: 'ok' } });
  await put('notifications', { pk: { S: 'OUTBOX#1' }, sk: { S: 'OUTBOX' }, channels: { M: { email: { S: 'sent' } } } });
  for (let i = 0; i < 100; i += 1) {
    await put('appointments', { pk: { S: `APPT#${String(i).padStart(3, '0')}` }, sk: { S: 'APPT' }, slot: { N: String(i) }, reasonLength: { N: '12' } });
  }
}

/** Every item of every table under `prefix`, in a stable order (a test may Scan; a request never does). */
async function contents(prefix: string): Promise<Record<string, Item[]>> {
  const all: Record<string, Item[]> = {};
  for (const spec of allTables) {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    try {
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName(prefix, spec.name), ExclusiveStartKey, ConsistentRead: true }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    }
    all[spec.name] = items.map(sortSets).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }
  return all;
}

const keyOf = (item: Item) => JSON.stringify([item.pk ?? item.id ?? item.key, item.sk]);

/** DynamoDB does not promise the order of a set's members. */
function sortSets(item: Item): Item {
  const sorted = Object.entries(item).map(([name, value]) => {
    if (value.SS) return [name, { SS: [...value.SS].sort() }];
    if (value.NS) return [name, { NS: [...value.NS].sort() }];
    if (value.BS) return [name, { BS: [...value.BS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))) }];
    return [name, value];
  });
  return Object.fromEntries(sorted);
}

const countOf = (tables: Record<string, Item[]>) => Object.values(tables).reduce((sum, items) => sum + items.length, 0);

async function deleteTables(prefix: string): Promise<void> {
  for (const spec of allTables) {
    const TableName = tableName(prefix, spec.name);
    await client.send(new DeleteTableCommand({ TableName }));
    await waitUntilTableNotExists({ client, maxWaitTime: 60 }, { TableName });
  }
}

async function manifestOf(folder: string): Promise<Manifest> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${folder}/manifest.json` }));
  return JSON.parse(await object.Body!.transformToString());
}

const restore = (from: string, tablePrefix: string, force = false) => restoreBackup({ client, storage }, { from, tablePrefix, force });

let original: Record<string, Item[]>;
let folder: string;

beforeAll(async () => {
  await ensureTables(client, PREFIX);
  await seed();
  original = await contents(PREFIX);
  folder = folderFor('full');
  await backupAllTables(ctx, { folder, limits: SMALL_PARTS });
});

describe('the backup', () => {
  it('writes every table as gzip JSON-lines parts of bounded size, and the manifest last, with counts and checksums', async () => {
    const manifest = await manifestOf(folder);

    expect(manifest.tablePrefix).toBe(PREFIX);
    expect(manifest.tables.map((t) => t.name)).toEqual(backedUp.map((spec) => spec.name));
    const appointments = manifest.tables.find((t) => t.name === 'appointments')!;
    expect(appointments.parts.map((p) => [p.file, p.items])).toEqual([
      ['appointments/part-0001.jsonl.gz', 40],
      ['appointments/part-0002.jsonl.gz', 40],
      ['appointments/part-0003.jsonl.gz', 20],
    ]);
    expect(manifest.totals).toMatchObject({ tables: backedUpTables.length, parts: 7, items: backedUpCount(original) });
    expect(Date.parse(manifest.finishedAt)).toBeGreaterThanOrEqual(Date.parse(manifest.startedAt));
    const part = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${folder}/users/part-0001.jsonl.gz` }));
    expect(Buffer.from(await part.Body!.transformToByteArray()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('leaves out the sessions and rate-limit tables: a live session id must never be copied to S3', async () => {
    const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: `${folder}/` }));
    const files = (listed.Contents ?? []).map((object) => object.Key!.slice(folder.length + 1));

    expect(files).toContain('users/part-0001.jsonl.gz');
    expect(files.filter((file) => LEFT_OUT.some((name) => file.startsWith(`${name}/`)))).toEqual([]);
    const names = (await manifestOf(folder)).tables.map((t) => t.name);
    for (const name of LEFT_OUT) expect(names).not.toContain(name);
  });
});

describe('restoring', () => {
  it('gives back every item exactly after the tables were deleted: numbers, sets, binary, maps, lists, booleans, nulls', async () => {
    await deleteTables(PREFIX);

    const totals = await restore(folder, PREFIX);

    expect(totals.items).toBe(backedUpCount(original));
    const restored = await contents(PREFIX);
    expect(restored).toEqual(restoredFrom(original));
    const user = restored.users.find((item) => item.pk.S === 'USER#awkward')!;
    expect(user.balance).toEqual({ N: '12345678901234567890.000000000001' });
    expect(Buffer.from(user.photo.B!)).toEqual(Buffer.from([0, 1, 2, 253, 254, 255]));
    expect(user.tags.SS).toEqual(['vip', 'wheelchair']);
  });

  it('restores into a new prefix, creating its tables', async () => {
    const copy = `${PREFIX}copy-`;

    await restore(folder, copy);

    expect(await contents(copy)).toEqual(restoredFrom(original));
  });

  it('leaves out the sessions and rate limits of an older backup that still holds them', async () => {
    const older = folderFor('older');
    await backupAllTables(ctx, { folder: older, limits: SMALL_PARTS });
    const body = gzipSync(`${itemToLine({ id: { S: 'sess:from-an-old-backup' }, expires: { N: '1900000000' }, sess: { S: '{}' } })}\n`);
    const part = { file: 'sessions/part-0001.jsonl.gz', items: 1, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: `${older}/${part.file}`, Body: body }));
    const manifest = await manifestOf(older);
    const tables = [...manifest.tables, { name: 'sessions', items: 1, bytes: body.length, parts: [part] }];
    const totals = { ...manifest.totals, tables: tables.length, parts: manifest.totals.parts + 1, items: manifest.totals.items + 1 };
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: `${older}/manifest.json`, Body: JSON.stringify({ ...manifest, tables, totals }) }));
    const target = `${PREFIX}older-`;

    const restoredTotals = await restore(older, target);

    expect(await contents(target)).toEqual(restoredFrom(original));
    expect(restoredTotals).toMatchObject({ tables: backedUpTables.length, items: backedUpCount(original) });
  });

  it('refuses tables that already hold items unless forced, and writes nothing when refused', async () => {
    const edited = { TableName: tableName(PREFIX, 'directory'), Key: { pk: { S: 'HOSPITAL#city-general' }, sk: { S: 'HOSPITAL' } } };
    await client.send(new UpdateItemCommand({ ...edited, UpdateExpression: 'SET #n = :n', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':n': { S: 'Edited after the backup' } } }));

    await expect(restore(folder, PREFIX)).rejects.toThrow(/These tables already hold items: .*backup-users, .*--force/);
    expect((await contents(PREFIX)).directory[0].name).toEqual({ S: 'Edited after the backup' });

    await restore(folder, PREFIX, true);
    expect((await contents(PREFIX)).directory[0].name).toEqual({ S: 'City General' });
  });

  it('refuses a part whose checksum does not match, before writing anything', async () => {
    const tampered = folderFor('tampered');
    await backupAllTables(ctx, { folder: tampered, limits: SMALL_PARTS });
    // The last table restores last: nothing of the earlier ones may have been written either.
    const body = gzipSync('{"Item":{"pk":{"S":"OUTBOX#forged"},"sk":{"S":"OUTBOX"}}}\n');
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: `${tampered}/notifications/part-0001.jsonl.gz`, Body: body }));
    const target = `${PREFIX}tampered-`;

    const refusal = await restore(tampered, target).catch((error) => error);

    expect(refusal).toBeInstanceOf(BackupError);
    expect(refusal.message).toMatch(new RegExp(`^Checksum mismatch in ${tampered}/notifications/part-0001.jsonl.gz: the manifest says sha256 [0-9a-f]{64}`));
    expect(countOf(await contents(target))).toBe(0);
  });

  it('refuses a backup without a manifest: one that failed half-way, or a wrong path', async () => {
    const crashed = folderFor('crashed');
    await backupAllTables(ctx, { folder: crashed, limits: SMALL_PARTS });
    await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: `${crashed}/manifest.json` }));
    const target = `${PREFIX}crashed-`;

    await expect(restore(crashed, target)).rejects.toThrow(`No manifest at s3://${storage.bucket}/${crashed}/manifest.json: the backup is incomplete`);
    await expect(restore(folderFor('never-made'), target)).rejects.toThrow('No manifest at');
    expect(countOf(await contents(target))).toBe(0);
  });

  it('takes a rerun that fails half-way as incomplete, not as the earlier complete backup of that day', async () => {
    const day = folderFor('same-day');
    await backupAllTables(ctx, { folder: day, limits: SMALL_PARTS });
    const failing = createS3(config);
    let puts = 0;
    failing.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand' && ++puts === 3) throw new Error('S3 went away');
        return next(args);
      },
      { step: 'initialize' },
    );

    await expect(backupAllTables({ ...ctx, storage: failing }, { folder: day, limits: SMALL_PARTS })).rejects.toThrow('S3 went away');

    await expect(restore(day, `${PREFIX}same-day-`)).rejects.toThrow('No manifest at');
  });
});
