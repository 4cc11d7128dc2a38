/**
 * `npm run archive-now`: the daily archival of finished appointments, right now. It takes the
 * archive job's lease and is recorded like any run, so it never overlaps the scheduled one. When
 * another process holds the lease, that run does the work: this one says so and exits 0.
 */
import { archiveAppointments, type ArchiveSummary } from '../src/archive';
import { findJob, startRun } from '../src/jobs';
import { createLogger } from '../src/platform/logger';
import { fail, withDb } from './cli';
import { plural, withStorage } from './storage';

withDb((db, config) =>
  withStorage(config, async (storage) => {
    let summary: ArchiveSummary | undefined;
    const archive = async () => (summary = await archiveAppointments({ db, storage, config }));
    const started = await startRun({ db, logger: createLogger({ logLevel: 'silent' }) }, findJob('archive')!, archive, 'manual', 'npm run archive-now');
    if (!started) {
      console.log('lease held: the archival is running in another process right now, so there is nothing to do here.');
      return;
    }
    const run = await started.finished;
    if (run.outcome !== 'ok' || !summary) fail(`Archival failed: ${run.error}`);
    const { copied, removed, skippedChanged, days, parts } = summary;
    console.log(
      `Archived ${plural(copied, 'appointment')} of ${plural(days, 'day')} in ${plural(parts, 'new part')} to s3://${storage.bucket}/archive/appointments/; ` +
        `removed ${removed} from DynamoDB, left ${skippedChanged} changed since the copy for the next run.`,
    );
  }),
).catch((error: Error) => fail(`archive-now failed: ${error.message}`));
