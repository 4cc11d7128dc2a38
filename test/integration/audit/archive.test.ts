/**
 * The audit archive and anchors (T-AUD-02) against DynamoDB Local and s3rver: the daily job copies
 * each day's events to S3 once with a manifest (count, SHA-256, every chain's head); the daily
 * check finds a deleted, an altered or a rewritten event, a truncated tail, a deleted chain and a
 * tampered archive object, and alerts staff. Each story has tables and an S3 folder of its own, so
 * the check sees only its chains. Deletes and overwrites use the emulator's full rights, as an
 * intruder with admin credentials would; the app's role cannot make them.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { archiveAuditDays, checkAuditChains, queryEvents, recordAccess, type AccessEvent } from '../../../src/audit';
import { sha256Hex } from '../../../src/audit/archive-store';
import { hashOf, type AuditEvent } from '../../../src/audit/event';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { buildTestApp } from '../../helpers/app';

const BASE = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}auditarc-`;
const run = randomUUID().slice(0, 8);
const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

async function aWorld(label: string) {
  const prefix = `${BASE}${label}-`;
  const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: prefix });
  await ensureTables(deps.db.client, prefix);
  const root = `test-audit-archive/${run}/${label}`;
  const raise = jest.spyOn(deps.alerts, 'raise').mockResolvedValue();
  const { storage, db } = deps;
  const folder = `${root}/${today().replace(/-/g, '/')}`;
  return {
    deps,
    raise,
    folder,
    // Two days ahead, three days back: today (UTC) is a finished day.
    archive: (daysAhead = 2) => archiveAuditDays(deps, { root, now: new Date(Date.now() + daysAhead * DAY_MS), lookbackDays: 3 }),
    check: () => checkAuditChains(deps, { archiveRoot: root }),
    object: async (file: string) => Buffer.from(await (await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${folder}/${file}` }))).Body!.transformToByteArray()),
    overwrite: (file: string, body: Buffer) => storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: `${folder}/${file}`, Body: body })),
    remove: (chainId: string, seq: number) => db.doc.send(new DeleteCommand({ TableName: db.tables.audit, Key: keyOf(chainId, seq) })),
    item: async (chainId: string, seq: number) => (await db.doc.send(new GetCommand({ TableName: db.tables.audit, Key: keyOf(chainId, seq) }))).Item!,
    put: (item: Record<string, unknown>) => db.doc.send(new PutCommand({ TableName: db.tables.audit, Item: item })),
    events: async (patientId: string, n: number) => {
      const written: AuditEvent[] = [];
      for (let i = 0; i < n; i++) written.push(await recordAccess(deps, access(patientId)));
      return written;
    },
  };
}

const keyOf = (chainId: string, seq: number) => ({ pk: `CHAIN#${chainId}`, sk: `SEQ#${String(seq).padStart(12, '0')}` });

const access = (patientId: string): AccessEvent => ({
  action: 'view',
  resourceType: 'visit',
  resourceId: randomUUID(),
  patientId,
  actor: { userId: 'doctor-1', role: 'doctor' },
  origin: { requestId: 'req-1', clientIp: '203.0.113.7' },
  outcome: 'allowed',
});

const manifestOf = async (world: Awaited<ReturnType<typeof aWorld>>) => JSON.parse((await world.object('manifest.json')).toString('utf8'));

describe('the daily audit archive', () => {
  it("writes each day's events once, with a manifest that counts them, hashes the object and anchors every chain's head; each day archived is itself on the trail", async () => {
    const world = await aWorld('once');
    const [a, b] = [randomUUID(), randomUUID()];
    const written = [...(await world.events(a, 2)), ...(await world.events(b, 1))];

    // Days go oldest first: archiving yesterday is itself an event of today, archived with it.
    expect(await world.archive()).toEqual({ days: 3, events: 4, skipped: 0 });

    const [body, manifest] = [await world.object('events.jsonl.gz'), await manifestOf(world)];
    const lines = (await import('node:zlib')).gunzipSync(body).toString('utf8').trim().split('\n');
    const archived = lines.map((line) => JSON.parse(line) as AuditEvent);
    expect(archived.filter((e) => e.actorRole !== 'system').map((e) => e.eventId).sort()).toEqual(written.map((e) => e.eventId).sort());
    expect(manifest).toMatchObject({ day: today(), count: 4, bytes: body.length, sha256: sha256Hex(body) });
    expect(manifest.heads).toEqual(
      expect.arrayContaining([
        { chainId: `patient:${a}`, seq: 2, hash: written[1].hash },
        { chainId: `patient:${b}`, seq: 1, hash: written[2].hash },
      ]),
    );

    const batches = await queryEvents(world.deps.db, { by: 'actor', value: 'job:audit-archive' }, 10);
    expect(batches.events.map((e) => [e.action, e.resourceType, e.actorRole])).toEqual(Array(3).fill(['archive', 'audit-day', 'system']));
    expect(batches.events.map((e) => e.resourceId)).toContain(today());

    await world.events(a, 1);
    expect(await world.archive()).toEqual({ days: 0, events: 0, skipped: 3 });
    expect((await queryEvents(world.deps.db, { by: 'actor', value: 'job:audit-archive' }, 10)).events).toHaveLength(3);
    expect((await world.object('events.jsonl.gz')).equals(body)).toBe(true);
    expect(await manifestOf(world)).toEqual(manifest);
  });

  it('after a crash between the events object and its manifest, adopts the object instead of writing it again', async () => {
    const world = await aWorld('crash');
    await world.events(randomUUID(), 2);
    await world.archive();
    const body = await world.object('events.jsonl.gz');
    await world.deps.storage.client.send(new DeleteObjectCommand({ Bucket: world.deps.storage.bucket, Key: `${world.folder}/manifest.json` }));
    await world.events(randomUUID(), 1);

    // Two events and the archiving of yesterday, as the crashed run wrote them.
    expect(await world.archive()).toMatchObject({ days: 1, events: 3 });
    expect((await world.object('events.jsonl.gz')).equals(body)).toBe(true);
    expect(await manifestOf(world)).toMatchObject({ count: 3, sha256: sha256Hex(body) });
  });
});

describe('the daily check of the archive and the anchors', () => {
  it('reports no break and raises no alert when the table and the archive agree', async () => {
    const world = await aWorld('clean');
    await world.events(randomUUID(), 3);
    await world.archive();
    await world.events(randomUUID(), 1);

    const report = await world.check();

    expect(report).toMatchObject({ breaks: [], archive: { days: 3, events: 4, breaks: [] } });
    expect(world.raise).not.toHaveBeenCalled();
  });

  it('finds an archived event deleted from the table; the archived copy still links into the chain', async () => {
    const world = await aWorld('deleted');
    const patientId = randomUUID();
    await world.events(patientId, 3);
    await world.archive();
    await world.remove(`patient:${patientId}`, 2);

    const report = await world.check();

    expect(report.breaks).toEqual([{ chainId: `patient:${patientId}`, seq: 2, problem: 'missing' }]);
    expect(report.archive.breaks).toEqual([]);
    expect(world.raise.mock.calls[0][1]).toContain(`patient:${patientId} at event 2: missing`);
  });

  it('finds an event altered after it was archived: the hash does not match and the archive disagrees', async () => {
    const world = await aWorld('altered');
    const patientId = randomUUID();
    await world.events(patientId, 3);
    await world.archive();
    await world.put({ ...(await world.item(`patient:${patientId}`, 2)), actorUserId: 'someone-else' });

    const report = await world.check();

    expect(report.breaks).toEqual([{ chainId: `patient:${patientId}`, seq: 2, problem: 'altered' }]);
    expect(report.archive.breaks).toEqual([{ day: today(), chainId: `patient:${patientId}`, seq: 2, problem: 'differs from the table' }]);
    expect(world.raise).toHaveBeenCalledTimes(1);
  });

  it('finds a newest event rewritten with a fresh hash, which the chain alone cannot see', async () => {
    const world = await aWorld('rewritten');
    const patientId = randomUUID();
    await world.events(patientId, 3);
    await world.archive();
    const { hash: _old, ...rest } = (await world.item(`patient:${patientId}`, 3)) as AuditEvent & Record<string, unknown>;
    const forged = { ...rest, actorUserId: 'someone-else' };
    await world.put({ ...forged, hash: hashOf(forged as unknown as AuditEvent) });

    const report = await world.check();

    expect(report.breaks).toEqual([{ chainId: `patient:${patientId}`, seq: 3, problem: 'rewritten' }]);
    expect(report.archive.breaks).toEqual([{ day: today(), chainId: `patient:${patientId}`, seq: 3, problem: 'differs from the table' }]);
    expect(world.raise).toHaveBeenCalledTimes(1);
  });

  it("finds a truncated tail, and keeps finding it after the next day's archive", async () => {
    const world = await aWorld('truncated');
    const patientId = randomUUID();
    await world.events(patientId, 4);
    await world.archive();
    await world.remove(`patient:${patientId}`, 4);
    await world.remove(`patient:${patientId}`, 3);

    expect((await world.check()).breaks).toEqual([{ chainId: `patient:${patientId}`, seq: 4, problem: 'truncated' }]);
    expect(world.raise.mock.calls[0][1]).toContain(`patient:${patientId} at event 4: truncated`);

    await world.archive(3);
    expect((await world.check()).breaks).toEqual([{ chainId: `patient:${patientId}`, seq: 4, problem: 'truncated' }]);
  });

  it('finds a whole chain deleted, first event included', async () => {
    const world = await aWorld('gone');
    const patientId = randomUUID();
    await world.events(patientId, 3);
    await world.archive();
    for (const seq of [1, 2, 3]) await world.remove(`patient:${patientId}`, seq);

    const report = await world.check();

    expect(report.breaks).toEqual([{ chainId: `patient:${patientId}`, seq: 3, problem: 'deleted' }]);
    expect(world.raise.mock.calls[0][1]).toContain(`patient:${patientId} at event 3: deleted`);
  });

  it('finds a chain whose first event was deleted, though the chains index no longer lists it', async () => {
    const world = await aWorld('headless');
    const patientId = randomUUID();
    await world.events(patientId, 2);
    await world.archive();
    await world.remove(`patient:${patientId}`, 1);

    expect((await world.check()).breaks).toEqual([{ chainId: `patient:${patientId}`, seq: 1, problem: 'missing' }]);
  });

  it('finds a tampered archive object, and a missing one', async () => {
    const world = await aWorld('tampered');
    await world.events(randomUUID(), 2);
    await world.archive();
    const lines = (await import('node:zlib')).gunzipSync(await world.object('events.jsonl.gz')).toString('utf8');
    await world.overwrite('events.jsonl.gz', gzipSync(lines.replace('doctor-1', 'doctor-2')));

    const report = await world.check();

    expect(report.archive.breaks).toEqual([{ day: today(), problem: 'events altered' }]);
    expect(report.breaks).toEqual([]);
    expect(world.raise.mock.calls[0][1]).toContain(`archive of ${today()}: events altered`);

    await world.deps.storage.client.send(new DeleteObjectCommand({ Bucket: world.deps.storage.bucket, Key: `${world.folder}/events.jsonl.gz` }));
    expect((await world.check()).archive.breaks).toEqual([{ day: today(), problem: 'events missing' }]);
  });
});
