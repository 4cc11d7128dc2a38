/**
 * The daily archival against DynamoDB Local and s3rver, in tables of this file's own prefix and S3
 * folders of this run's own: what moves, what stays, the manifest, a kill at every step (T-ARCH-01)
 * and a visit edited between copy and delete (T-ARCH-02).
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { archiveAppointments, type ArchiveStep } from '../../../src/archive';
import { archivedAppointmentFor } from '../../../src/archive/read-back';
import { getArchivePointer } from '../../../src/appointments/repository';
import { appointmentKey } from '../../../src/appointments/keys';
import { rateVisit } from '../../../src/appointments/ratings/service';
import { getAppointment } from '../../../src/appointments/repository';
import type { Appointment } from '../../../src/appointments/types';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { createS3 } from '../../../src/platform/s3';
import type { User } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { locksOf } from '../../helpers/appointments';
import { anAdmin, aPatient } from '../../helpers/users';
import { archiveContents, duplicates } from './s3-contents';
import { aPastVisit, daysAgoAt } from './visits';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}archive-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });
const storage = createS3(deps.config);
const ctx = { db: deps.db, storage, config: deps.config };
const run = randomUUID().slice(0, 8);
const rootFor = (label: string) => `test-archive/${run}/${label}`;

class Crash extends Error {}

beforeAll(() => ensureTables(deps.db.client, PREFIX));

const isLive = async (a: Appointment) => Boolean(await getAppointment(deps.db, a.id));
const isArchived = async (a: Appointment) => Boolean(await getArchivePointer(deps.db, a.id));

describe('the daily archival', () => {
  it('moves finished visits older than the cut-off, with their locks, and leaves the rest; the manifest matches the objects and the deletions', async () => {
    const root = rootFor('moves');
    const due = [
      await aPastVisit(deps, { start: daysAgoAt(deps, 3, '09:00'), status: 'completed' }),
      await aPastVisit(deps, { start: daysAgoAt(deps, 3, '09:20'), status: 'no-show' }),
      await aPastVisit(deps, { start: daysAgoAt(deps, 3, '09:40'), status: 'completed' }),
      await aPastVisit(deps, { start: daysAgoAt(deps, 2, '11:00'), status: 'cancelled' }),
    ];
    const stay = [
      await aPastVisit(deps, { start: daysAgoAt(deps, 3, '10:00'), status: 'booked' }),
      await aPastVisit(deps, { start: daysAgoAt(deps, 3, '10:20'), status: 'in-progress' }),
      // Finished, but ended less than a day ago.
      await aPastVisit(deps, { start: DateTime.now().minus({ hours: 3 }), status: 'completed' }),
    ];

    const summary = await archiveAppointments(ctx, { root, partSize: 2 });

    expect(summary).toMatchObject({ copied: 4, removed: 4, skippedChanged: 0, parts: 3, days: 2 });
    for (const a of due) {
      expect(await isLive(a)).toBe(false);
      expect(await isArchived(a)).toBe(true);
      const locks = await locksOf(deps.db, a);
      expect([...locks.doctor, ...locks.patient].every((owner) => owner === undefined)).toBe(true);
    }
    for (const a of stay) {
      expect(await isLive(a)).toBe(true);
      expect(await isArchived(a)).toBe(false);
      expect((await locksOf(deps.db, a)).doctor.every((owner) => owner === a.id)).toBe(true);
    }
    const contents = await archiveContents(storage, root);
    expect(contents.mismatches).toEqual([]);
    expect(contents.manifests.map((m) => m.folder).sort()).toEqual(
      [due[0].localDate, due[3].localDate].map((day) => `${root}/appointments/${day.replace(/-/g, '/')}`).sort(),
    );
    for (const { manifest } of contents.manifests) {
      expect(manifest.totals.items).toBe(manifest.parts.reduce((sum, p) => sum + p.records.length, 0));
      expect(manifest.totals.parts).toBe(manifest.parts.length);
    }
    expect(contents.lines.map((l) => l.id).sort()).toEqual(due.map((a) => a.id).sort());
    expect(contents.partKeys).toHaveLength(3);
  });

  it('keeps the medical record in S3 only: the stand-in left in DynamoDB has no reason, diagnosis or prescription', async () => {
    const visit = await aPastVisit(deps, { start: daysAgoAt(deps, 4, '12:00'), status: 'completed' });
    await archiveAppointments(ctx, { root: rootFor('stand-in') });

    const pointer = (await getArchivePointer(deps.db, visit.id)) as unknown as Record<string, unknown>;
    expect(pointer).toMatchObject({ id: visit.id, patientId: visit.patientId, status: 'completed', version: visit.version });
    expect(JSON.stringify(pointer)).not.toMatch(/angina|Aspirin|Chest pain/i);
    const admin = await anAdmin(deps);
    expect(await archivedAppointmentFor(deps, admin, visit.id)).toEqual({ ...visit, archived: true });
  });
});

describe('T-ARCH-01: a kill at every step, then a rerun', () => {
  it('loses nothing and duplicates nothing, at whichever step the run died', async () => {
    const root = rootFor('kill');
    const eligible: Appointment[] = [];
    const stepsCrashed = new Set<ArchiveStep>();
    let k = 1;
    for (; ; k++) {
      const slot = (n: number) => `${String(8 + Math.floor((k * 6 + n) / 3) % 10).padStart(2, '0')}:${String(((k * 6 + n) % 3) * 20).padStart(2, '0')}`;
      eligible.push(
        await aPastVisit(deps, { start: daysAgoAt(deps, 5, slot(0)), status: 'completed' }),
        await aPastVisit(deps, { start: daysAgoAt(deps, 5, slot(1)), status: 'cancelled' }),
        await aPastVisit(deps, { start: daysAgoAt(deps, 5, slot(2)), status: 'no-show' }),
        await aPastVisit(deps, { start: daysAgoAt(deps, 6, slot(3)), status: 'completed' }),
        await aPastVisit(deps, { start: daysAgoAt(deps, 6, slot(4)), status: 'completed' }),
      );
      const ineligible = await aPastVisit(deps, { start: daysAgoAt(deps, 5, slot(5)), status: 'booked' });
      let calls = 0;
      let crashed = false;
      const faults = (step: ArchiveStep) => {
        if (++calls !== k) return;
        crashed = true;
        stepsCrashed.add(step);
        throw new Crash(step);
      };

      await archiveAppointments(ctx, { root, partSize: 2, faults }).catch((error) => {
        if (!(error instanceof Crash)) throw error;
      });
      // Killed: each visit is still in DynamoDB, or archived (stand-in and copy) — never neither.
      const copied = new Set((await archiveContents(storage, root)).lines.map((l) => l.id));
      for (const a of eligible) expect((await isLive(a)) || ((await isArchived(a)) && copied.has(a.id))).toBe(true);

      expect((await archiveAppointments(ctx, { root, partSize: 2 })).skippedChanged).toBe(0);

      const contents = await archiveContents(storage, root);
      expect(contents.mismatches).toEqual([]);
      expect(duplicates(contents.lines)).toEqual([]);
      // Every part object is listed in its day's manifest (a part the kill left unlisted was adopted).
      const listed = contents.manifests.flatMap(({ folder, manifest }) => manifest.parts.map((p) => `${folder}/${p.file}`));
      expect(contents.partKeys.sort()).toEqual(listed.sort());
      // The manifests' keys are exactly the visits deleted from DynamoDB.
      expect(contents.lines.map((l) => l.id).sort()).toEqual(eligible.map((a) => a.id).sort());
      for (const a of eligible) {
        expect(await isLive(a)).toBe(false);
        expect(await isArchived(a)).toBe(true);
      }
      expect(await isLive(ineligible)).toBe(true);
      if (!crashed) break;
    }
    expect(stepsCrashed).toEqual(new Set(['selected', 'part-written', 'part-verified', 'manifest-written', 'appointment-removed']));
    expect(k).toBeGreaterThan(10);
  });
});

describe('T-ARCH-02: a visit edited between the copy and the delete', () => {
  it('stays in DynamoDB, and the next run archives its new version, which readers then show', async () => {
    const root = rootFor('edited');
    const patient = await aPatient(deps);
    const amended = await aPastVisit(deps, { start: daysAgoAt(deps, 7, '09:00'), status: 'completed' });
    const rated = await aPastVisit(deps, { start: daysAgoAt(deps, 7, '09:20'), status: 'completed', patientId: patient.id });
    const edit = async (step: ArchiveStep) => {
      if (step !== 'manifest-written') return;
      await deps.db.doc.send(
        new UpdateCommand({
          TableName: deps.db.tables.appointments,
          Key: appointmentKey(amended.id),
          UpdateExpression: 'SET consultation.notes = :notes, version = version + :one',
          ExpressionAttributeValues: { ':notes': 'Amended: review in two weeks', ':one': 1 },
        }),
      );
      await rateVisit(deps, patient as User, rated, { stars: 4, comment: 'Kind' });
    };

    const first = await archiveAppointments(ctx, { root, faults: edit });

    expect(first).toMatchObject({ copied: 2, removed: 0, skippedChanged: 2 });
    expect(await isLive(amended)).toBe(true);
    expect(await isLive(rated)).toBe(true);

    const second = await archiveAppointments(ctx, { root });

    expect(second).toMatchObject({ copied: 2, removed: 2, skippedChanged: 0 });
    const contents = await archiveContents(storage, root);
    expect(contents.lines.filter((l) => l.id === amended.id).map((l) => l.version)).toEqual([amended.version, amended.version + 1]);
    const admin = await anAdmin(deps);
    expect((await archivedAppointmentFor(deps, admin, amended.id))?.consultation?.notes).toBe('Amended: review in two weeks');
    expect((await archivedAppointmentFor(deps, admin, rated.id))?.rating).toMatchObject({ stars: 4, comment: 'Kind' });
    // The stand-in carries the rating too, so the archived visit cannot be rated a second time.
    expect((await getArchivePointer(deps.db, rated.id))?.rating).toMatchObject({ stars: 4, comment: 'Kind' });
  });
});
