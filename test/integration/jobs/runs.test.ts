/**
 * Job runs recorded in the jobs table and shown to admins on /admin/jobs, with "Run now". Tables of
 * this file's own prefix, so the real jobs run here against nothing but this file's data.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { acquireLease } from '../../../src/jobs/lease';
import { startRun } from '../../../src/jobs/runner';
import { listRecentRuns, recordRunStart, type JobRun } from '../../../src/jobs/runs';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aPatient } from '../../helpers/users';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}jobs-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX, MEDTRACK_BACKUP_CRON: '30 2 * * 1-5' });
const { db } = deps;
let admin: Agent;

beforeAll(async () => {
  await ensureTables(db.client, PREFIX);
  admin = await signedInAdmin(app, deps);
});

const aJob = () => ({ name: `job-${randomUUID().slice(0, 8)}`, leaseMs: 5_000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runToEnd(job: { name: string; leaseMs: number }, work: () => Promise<unknown>): Promise<JobRun> {
  const started = await startRun(deps, job, work, 'schedule');
  if (!started) throw new Error(`${job.name} did not get its lease`);
  return started.finished;
}

async function waitForRun(job: string, done: (run: JobRun) => boolean): Promise<JobRun> {
  for (let tries = 0; tries < 100; tries += 1) {
    const found = (await listRecentRuns(db, job)).find(done);
    if (found) return found;
    await sleep(100);
  }
  throw new Error(`no finished run of ${job}`);
}

const jobCard = (html: string, job: string) => $(html)(`[data-testid="job-${job}"]`);

describe('recording job runs', () => {
  it('records a run as running while it works, then ok with the counts it returned, host and pid, kept 90 days', async () => {
    const job = aJob();
    let whileRunning: JobRun[] = [];

    const finished = await runToEnd(job, async () => {
      whileRunning = await listRecentRuns(db, job.name);
      return { copied: 1200, skipped: 3, folder: 'backups/2025-01-31', nested: { ignored: true } };
    });

    expect(whileRunning).toEqual([expect.objectContaining({ job: job.name, outcome: 'running', trigger: 'schedule' })]);
    const [stored] = await listRecentRuns(db, job.name);
    expect(stored).toEqual(finished);
    expect(stored).toMatchObject({ outcome: 'ok', summary: { copied: 1200, skipped: 3, folder: 'backups/2025-01-31' }, pid: process.pid });
    expect(stored.host).toBeTruthy();
    expect(Date.parse(stored.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(stored.startedAt));
    const raw = await db.doc.send(new GetCommand({ TableName: db.tables.jobs, Key: { pk: `RUN#${job.name}`, sk: `${stored.startedAt}#${stored.runId}` } }));
    expect(raw.Item!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 89 * 86_400);
    expect(raw.Item!.expiresAt).toBeLessThan(Date.now() / 1000 + 91 * 86_400);
  });

  it('records a failing job as failed with its error, and lets the lease go', async () => {
    const job = aJob();

    await runToEnd(job, async () => {
      throw new Error('S3 is unreachable');
    });

    const [run] = await listRecentRuns(db, job.name);
    expect(run).toMatchObject({ outcome: 'failed', error: 'S3 is unreachable' });
    expect(run.summary).toBeUndefined();
    expect(await acquireLease(db, job.name, 1000)).toBeDefined();
  });

  it('alerts the staff when a job fails, and not when it succeeds', async () => {
    const raised: string[] = [];
    const alerts = { raise: async (subject: string) => void raised.push(subject) };
    const job = aJob();

    await startRun({ ...deps, alerts }, job, async () => ({ copied: 1 }), 'schedule').then((s) => s!.finished);
    expect(raised).toEqual([]);
    await startRun({ ...deps, alerts }, job, async () => Promise.reject(new Error('S3 is unreachable')), 'schedule').then((s) => s!.finished);
    expect(raised).toEqual([`Job failed: ${job.name}`]);
  });

  it('records nothing when another process holds the lease, and lists runs newest first', async () => {
    const job = aJob();
    await runToEnd(job, async () => ({ round: 1 }));
    await runToEnd(job, async () => ({ round: 2 }));
    await acquireLease(db, job.name, 60_000);

    expect(await startRun(deps, job, async () => ({ round: 3 }), 'schedule')).toBeUndefined();
    expect((await listRecentRuns(db, job.name)).map((run) => run.summary?.round)).toEqual([2, 1]);
  });
});

describe('the admin jobs page', () => {
  it('lists every job with its schedule in words and its latest runs: outcome, duration and result', async () => {
    await runToEnd({ name: 'backup', leaseMs: 5_000 }, async () => ({ tables: 7, items: 41 }));
    await runToEnd({ name: 'backup', leaseMs: 5_000 }, async () => {
      throw new Error('The bucket medtrack-local does not exist');
    });

    const page = await admin.get('/admin/jobs').expect(200);

    for (const name of ['waitlist-assigner', 'backup']) expect(jobCard(page.text, name).length).toBe(1);
    const backup = jobCard(page.text, 'backup');
    expect(backup.text()).toContain('Runs every weekday at 02:30 (Asia/Kolkata)');
    expect(backup.find('code').text()).toBe('30 2 * * 1-5');
    const rows = backup.find('[data-testid=run]');
    expect(rows.first().find('[data-testid=outcome]').text()).toBe('failed');
    expect(rows.first().find('[data-testid=result]').text()).toBe('The bucket medtrack-local does not exist');
    expect(rows.eq(1).find('[data-testid=outcome]').text()).toBe('ok');
    expect(rows.eq(1).find('[data-testid=result]').text()).toBe('items: 41 · tables: 7');
    expect(rows.eq(1).find('[data-label=Took]').text()).toMatch(/^\d+ ms$/);
  });

  it('runs a job now: the run is recorded as manual and shows on the page when it finishes', async () => {
    const response = await submit(admin, '/admin/jobs', '/admin/jobs/waitlist-assigner/run', {});

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin/jobs');
    const run = await waitForRun('waitlist-assigner', (r) => r.trigger === 'manual' && r.outcome !== 'running');
    expect(run).toMatchObject({ outcome: 'ok', summary: { assigned: 0, expired: 0, waiting: 0 } });
    const page = await admin.get('/admin/jobs').expect(200);
    expect(messages(page.text)).toContain('waitlist-assigner started.');
    expect(jobCard(page.text, 'waitlist-assigner').find('[data-testid=run]').first().text()).toContain('run now');
  });

  it('answers 409 "already running" while another process holds the lease, and starts nothing', async () => {
    const lease = (await acquireLease(db, 'backup', 60_000))!;
    const before = await listRecentRuns(db, 'backup');

    const response = await submit(admin, '/admin/jobs', '/admin/jobs/backup/run', {});

    expect(response.status).toBe(409);
    expect(messages(response.text)).toContain('backup is already running.');
    expect(jobCard(response.text, 'backup').text()).toContain('running now');
    expect(await listRecentRuns(db, 'backup')).toEqual(before);
    await lease.release();
  });

  it('shows a run still recorded as running, whose lease has gone, as interrupted', async () => {
    // As if its process died mid-run and the lease then expired.
    await recordRunStart(db, 'backup', 'schedule');

    const page = await admin.get('/admin/jobs').expect(200);

    const newest = jobCard(page.text, 'backup').find('[data-testid=run]').first();
    expect(newest.find('[data-testid=outcome]').text()).toBe('interrupted');
    expect(newest.find('[data-label=Took]').text()).toBe('—');
  });

  it('answers 404 for a job that does not exist', async () => {
    const response = await submit(admin, '/admin/jobs', '/admin/jobs/no-such-job/run', {});

    expect(response.status).toBe(404);
    expect(messages(response.text)).toContain('There is no job with that name.');
  });

  it('refuses a patient the page and the button with 403, and sends a visitor to log in', async () => {
    const patient = await signIn(app, (await aPatient(deps)).email);
    const runsBefore = await listRecentRuns(db, 'waitlist-assigner');

    expect((await patient.get('/admin/jobs')).status).toBe(403);
    expect((await submit(patient, '/account/password', '/admin/jobs/waitlist-assigner/run', {})).status).toBe(403);
    expect((await request(app).get('/admin/jobs')).headers.location).toBe('/login?next=%2Fadmin%2Fjobs');
    expect(await listRecentRuns(db, 'waitlist-assigner')).toEqual(runsBefore);
  });

  it('refuses Run now without its CSRF token', async () => {
    const response = await admin.post('/admin/jobs/waitlist-assigner/run').type('form').send({});

    expect(response.status).toBe(403);
  });
});
