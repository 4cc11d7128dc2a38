/** `npm run archive-now` as an operator runs it, against this run's local stack. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { getArchivePointer } from '../../../src/appointments/repository';
import { getAppointment } from '../../../src/appointments/repository';
import { acquireLease } from '../../../src/jobs/lease';
import { listRecentRuns } from '../../../src/jobs/runs';
import { createS3 } from '../../../src/platform/s3';
import { archiveContents } from './s3-contents';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { buildTestApp } from '../../helpers/app';
import { aPastVisit, daysAgoAt } from './visits';

const root = path.resolve(__dirname, '../../..');
const tsxCli = require.resolve('tsx/cli');
const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}archcli-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });

function archiveNow(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, 'scripts/archive-now.ts'], { cwd: root, env: { ...process.env, MEDTRACK_TABLE_PREFIX: PREFIX, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => ensureTables(deps.db.client, PREFIX));

describe('npm run archive-now', () => {
  it('archives the finished visits now and records the run', async () => {
    const visit = await aPastVisit(deps, { start: daysAgoAt(deps, 9, '15:00'), status: 'completed' });

    const result = await archiveNow();

    expect(result.stderr).not.toContain('failed');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Archived 1 appointment of 1 day in 1 new part to s3://');
    expect(result.stdout).toContain('removed 1 from DynamoDB, left 0 changed since the copy for the next run.');
    expect(await getAppointment(deps.db, visit.id)).toBeUndefined();
    expect(await getArchivePointer(deps.db, visit.id)).toMatchObject({ id: visit.id, version: visit.version });
    const [run] = await listRecentRuns(deps.db, 'archive');
    expect(run).toMatchObject({ outcome: 'ok', trigger: 'manual', requestedBy: 'npm run archive-now', summary: { copied: 1, removed: 1 } });
  });

  it('T-ARCH-03: leaves the work to a run in another process, exiting 0 with "lease held"; two at once archive each visit once', async () => {
    const visits = await Promise.all(['09:00', '09:20', '09:40'].map((time) => aPastVisit(deps, { start: daysAgoAt(deps, 8, time), status: 'completed' })));
    const lease = (await acquireLease(deps.db, 'archive', 60_000))!;
    try {
      const held = await archiveNow();
      expect(held.code).toBe(0);
      expect(held.stdout).toContain('lease held');
      for (const visit of visits) expect(await getAppointment(deps.db, visit.id)).toBeDefined();
    } finally {
      await lease.release();
    }

    const both = await Promise.all([archiveNow(), archiveNow()]);

    expect(both.map((r) => r.code)).toEqual([0, 0]);
    const lines = (await archiveContents(createS3(deps.config), 'archive')).lines.filter((l) => visits.some((v) => v.id === l.id));
    expect(lines.map((l) => l.id).sort()).toEqual(visits.map((v) => v.id).sort());
    for (const visit of visits) expect(await getArchivePointer(deps.db, visit.id)).toMatchObject({ version: visit.version });
  });

  it('exits 1 naming the bad setting', async () => {
    const result = await archiveNow({ MEDTRACK_ARCHIVE_AFTER_DAYS: '0' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MEDTRACK_ARCHIVE_AFTER_DAYS');
  });
});
