/** `npm run restore` and `npm run backup-now` as an operator runs them, against this run's local stack. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { backupAllTables, backupFolder } from '../../../src/backups';
import { listRecentRuns } from '../../../src/jobs/runs';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { backedUpTables } from '../../../src/platform/db/tables';
import { createS3 } from '../../../src/platform/s3';
import { buildTestApp } from '../../helpers/app';

const root = path.resolve(__dirname, '../../..');
const tsxCli = require.resolve('tsx/cli');
const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}cli-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });
const { db, config } = deps;
const storage = createS3(config);
const folder = `test-backups/${randomUUID().slice(0, 8)}/cli`;
const USAGE = 'Usage: npm run restore -- --from backups/<yyyy-mm-dd> [--table-prefix <prefix>] [--force]';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, script, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  await ensureTables(db.client, PREFIX);
  await db.client.send(new PutItemCommand({ TableName: `${PREFIX}directory`, Item: { pk: { S: 'HOSPITAL#cli' }, sk: { S: 'HOSPITAL' }, beds: { N: '120' } } }));
  await backupAllTables({ db, storage, config }, { folder });
});

describe('npm run restore', () => {
  it.each([
    ['no arguments', [], '--from is required, e.g. --from backups/2025-01-31'],
    ['an unknown option', ['--frm', folder], "Unknown option '--frm'"],
    ['a folder outside the bucket', ['--from', '../../etc'], '--from must be a folder in the bucket'],
    ['a bad table prefix', ['--from', folder, '--table-prefix', 'no spaces!'], '--table-prefix: letters, digits, _ . - only'],
  ])('exits 1 with the usage on %s', async (_case, args, message) => {
    const result = await runScript('scripts/restore.ts', args);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(USAGE);
  });

  it('exits 1 with a clear message for a folder without a manifest', async () => {
    const result = await runScript('scripts/restore.ts', ['--from', `${folder}-missing`, '--table-prefix', `${PREFIX}none-`]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Restore failed: No manifest at s3://${config.bucket}/${folder}-missing/manifest.json`);
  });

  it('restores into a new prefix with a line per table when the output is not a terminal', async () => {
    const target = `${PREFIX}restored-`;

    const result = await runScript('scripts/restore.ts', ['--from', `${folder}/`, '--table-prefix', target]);

    expect(result.stderr).not.toContain('Restore failed');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Every checksum matches.');
    expect(result.stdout).toContain('  directory: 1 item\n');
    expect(result.stdout).toMatch(new RegExp(`Restored \\d+ items? into ${backedUpTables.length} tables \\(prefix "${target}"\\) from s3://${config.bucket}/${folder} in`));
    const restored = await db.client.send(new ScanCommand({ TableName: `${target}directory` }));
    expect(restored.Items).toEqual([{ pk: { S: 'HOSPITAL#cli' }, sk: { S: 'HOSPITAL' }, beds: { N: '120' } }]);
  });
});

describe('npm run backup-now', () => {
  it('backs up every table to today\'s folder, complete with its manifest, and records the run', async () => {
    const result = await runScript('scripts/backup-now.ts', [], { MEDTRACK_TABLE_PREFIX: PREFIX });

    const today = backupFolder(new Date(), config.timeZone);
    expect(result.stderr).not.toContain('failed');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Backed up \\d+ items? of ${backedUpTables.length} tables in \\d+ parts? \\(.+\\) to s3://${config.bucket}/${today}/`));
    const manifest = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${today}/manifest.json` }));
    expect(JSON.parse(await manifest.Body!.transformToString()).tablePrefix).toBe(PREFIX);
    const [run] = await listRecentRuns(db, 'backup');
    expect(run).toMatchObject({ outcome: 'ok', trigger: 'manual', requestedBy: 'npm run backup-now', summary: { folder: today, tables: backedUpTables.length } });
  });
});
