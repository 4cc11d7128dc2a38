/**
 * `npm run backup-now`: the daily backup, right now. It takes the backup job's lease and is recorded
 * like any run, so it never overlaps the scheduled one and shows on the admin jobs page.
 */
import { backupAllTables, type BackupSummary } from '../src/backups';
import { findJob, startRun } from '../src/jobs';
import { createLogger } from '../src/platform/logger';
import { fail, withDb } from './cli';
import { formatBytes, plural, withStorage } from './storage';

withDb((db, config) =>
  withStorage(config, async (storage) => {
    let summary: BackupSummary | undefined;
    const backup = async () => (summary = await backupAllTables({ db, storage, config }));
    const started = await startRun({ db, logger: createLogger({ logLevel: 'silent' }) }, findJob('backup')!, backup, 'manual', 'npm run backup-now');
    if (!started) fail('A backup is running already (another process holds its lease). Try again when it has finished.');
    const run = await started.finished;
    if (run.outcome !== 'ok' || !summary) fail(`Backup failed: ${run.error}`);
    console.log(`Backed up ${plural(summary.items, 'item')} of ${summary.tables} tables in ${plural(summary.parts, 'part')} (${formatBytes(summary.bytes)}) to s3://${storage.bucket}/${summary.folder}/`);
  }),
).catch((error: Error) => fail(`backup-now failed: ${error.message}`));
