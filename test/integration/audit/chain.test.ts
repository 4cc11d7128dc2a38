/**
 * The audit trail's chains (T-AUD-01/02): every event on its patient's chain, in place, linked by
 * hashes; concurrent writers never fork a chain; the daily check finds a deleted and an altered
 * event and tells staff. Tables of this file's own, so the check walks only its chains.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decodeTime } from 'ulid';
import { checkAuditChains, queryEvents, recordAccess, verifyChain, type AccessEvent } from '../../../src/audit';
import { GENESIS_HASH, hashOf } from '../../../src/audit/event';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { buildTestApp } from '../../helpers/app';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}audit-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });
const { db } = deps;

beforeAll(() => ensureTables(db.client, PREFIX));

const access = (patientId: string, overrides: Partial<AccessEvent> = {}): AccessEvent => ({
  action: 'view',
  resourceType: 'visit',
  resourceId: randomUUID(),
  patientId,
  actor: { userId: 'doctor-1', role: 'doctor' },
  origin: { requestId: 'req-1', clientIp: '203.0.113.7' },
  outcome: 'allowed',
  ...overrides,
});

const chainKey = (patientId: string, seq: number) => ({ pk: `CHAIN#patient:${patientId}`, sk: `SEQ#${String(seq).padStart(12, '0')}` });

describe('the chain of a patient', () => {
  it('numbers events 1..N and links each to the one before, even when 20 are written at once', async () => {
    const patientId = randomUUID();
    const written = await Promise.all(Array.from({ length: 20 }, () => recordAccess(deps, access(patientId))));

    expect(written.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const bySeq = new Map(written.map((e) => [e.seq, e]));
    for (const event of written) {
      expect(event.prevHash).toBe(event.seq === 1 ? GENESIS_HASH : bySeq.get(event.seq - 1)!.hash);
      expect(event.hash).toBe(hashOf(event));
    }
    expect(await verifyChain(db, `patient:${patientId}`)).toEqual({ events: 20, breaks: [] });
  });

  it('gives each event a ULID whose time is the time of the event (T-AUD-01)', async () => {
    const event = await recordAccess(deps, access(randomUUID()));
    expect(event.eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Date(decodeTime(event.eventId)).toISOString()).toBe(event.ts);
  });

  it('cannot take a place twice: a put on a taken place is refused', async () => {
    const patientId = randomUUID();
    const first = await recordAccess(deps, access(patientId));
    const forked = db.doc.send(new PutCommand({ TableName: db.tables.audit, Item: { ...chainKey(patientId, 1), ...first, eventId: 'fork' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expect(forked).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('stores a forged line break in an id escaped, not as a new line', async () => {
    const patientId = randomUUID();
    const event = await recordAccess(deps, access(patientId, { resourceId: 'x\nFAKE EVENT' }));
    const stored = await db.doc.send(new GetCommand({ TableName: db.tables.audit, Key: chainKey(patientId, event.seq) }));
    expect(stored.Item!.resourceId).toBe('x\\u000aFAKE EVENT');
  });
});

describe('the daily chain check', () => {
  it('finds a deleted event and an altered one, and alerts staff', async () => {
    const [deleted, altered] = [randomUUID(), randomUUID()];
    for (const patientId of [deleted, altered]) for (let i = 0; i < 3; i++) await recordAccess(deps, access(patientId));
    await db.doc.send(new DeleteCommand({ TableName: db.tables.audit, Key: chainKey(deleted, 2) }));
    const original = (await db.doc.send(new GetCommand({ TableName: db.tables.audit, Key: chainKey(altered, 2) }))).Item!;
    await db.doc.send(new PutCommand({ TableName: db.tables.audit, Item: { ...original, actorUserId: 'someone-else' } }));
    const raise = jest.spyOn(deps.alerts, 'raise').mockResolvedValue();

    const report = await checkAuditChains(deps);

    expect(report.breaks).toEqual(
      expect.arrayContaining([
        { chainId: `patient:${deleted}`, seq: 2, problem: 'missing' },
        { chainId: `patient:${altered}`, seq: 2, problem: 'altered' },
      ]),
    );
    expect(raise).toHaveBeenCalledTimes(1);
    expect(raise.mock.calls[0][1]).toContain(`patient:${deleted} at event 2: missing`);
    expect(raise.mock.calls[0][1]).toContain(`patient:${altered} at event 2: altered`);
  });

  it('raises no alert when every chain is whole', async () => {
    const clean = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${PREFIX}clean-` }).deps;
    await ensureTables(clean.db.client, `${PREFIX}clean-`);
    for (let i = 0; i < 3; i++) await recordAccess(clean, access(randomUUID()));
    const raise = jest.spyOn(clean.alerts, 'raise').mockResolvedValue();
    expect((await checkAuditChains(clean)).breaks).toEqual([]);
    expect(raise).not.toHaveBeenCalled();
  });
});

describe('the admin filters', () => {
  it('find events by user, by patient and by action, newest first, within a date range, each by Query', async () => {
    const [patientId, actorId, action] = [randomUUID(), `doctor-${randomUUID()}`, `view-${randomUUID().slice(0, 8)}`];
    const mine = await recordAccess(deps, access(patientId, { actor: { userId: actorId, role: 'doctor' }, action }));
    const later = await recordAccess(deps, access(patientId, { action }));
    await recordAccess(deps, access(randomUUID(), { actor: { userId: actorId, role: 'doctor' } }));

    const ids = async (filter: Parameters<typeof queryEvents>[1]) => (await queryEvents(db, filter, 50)).events.map((e) => e.eventId);
    expect(await ids({ by: 'patient', value: patientId })).toEqual([later.eventId, mine.eventId]);
    expect(await ids({ by: 'action', value: action })).toEqual([later.eventId, mine.eventId]);
    expect(await ids({ by: 'actor', value: actorId })).toHaveLength(2);
    expect(await ids({ by: 'patient', value: patientId, from: later.ts })).toEqual([later.eventId]);
    expect(await ids({ by: 'patient', value: patientId, to: later.ts })).toEqual([mine.eventId]);
  });
});
