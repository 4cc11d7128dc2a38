/**
 * `npm run restore -- --from backups/<yyyy-mm-dd> [--table-prefix <prefix>] [--force]`
 * Restores every table of a complete backup (one with a manifest) after checking every part.
 */
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { restoreArgsSchema, restoreBackup, type RestoreArgs, type RestoreObserver } from '../src/backups';
import { fail, withDb } from './cli';
import { formatBytes, plural, withStorage } from './storage';

const USAGE = `Usage: npm run restore -- --from backups/<yyyy-mm-dd> [--table-prefix <prefix>] [--force]

  --from          the backup folder in the bucket; it must hold a manifest.json
  --table-prefix  restore into tables with this prefix (default: MEDTRACK_TABLE_PREFIX)
  --force         also write into tables that already hold items`;

function readArgs(): RestoreArgs {
  let values: { from?: string; 'table-prefix'?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, 'table-prefix': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = restoreArgsSchema.safeParse({ from: values.from, tablePrefix: values['table-prefix'], force: values.force });
  if (!parsed.success) fail(`${parsed.error.issues.map((issue) => issue.message).join('\n')}\n\n${USAGE}`);
  return parsed.data;
}

/** A progress bar on a terminal; one line per table otherwise (logs, CI). */
function reporter(): RestoreObserver & { stop(): void } {
  const checking: RestoreObserver['verifying'] = (m) => console.log(`Checking ${plural(m.totals.parts, 'part')} (${formatBytes(m.totals.bytes)}) against the manifest…`);
  if (!process.stdout.isTTY) {
    return {
      verifying: checking,
      writing: (m) => console.log(`Every checksum matches. Writing ${plural(m.totals.items, 'item')}:`),
      restored: (table) => console.log(`  ${table.name}: ${plural(table.items, 'item')}`),
      stop: () => {},
    };
  }
  const bar = new SingleBar({ format: 'Restoring |{bar}| {percentage}% | {value}/{total} items | {table}', hideCursor: true }, Presets.shades_classic);
  return {
    verifying: checking,
    writing: (m) => bar.start(m.totals.items, 0, { table: '' }),
    wrote: (table, items) => bar.increment(items, { table }),
    stop: () => bar.stop(),
  };
}

async function main(): Promise<void> {
  const args = readArgs();
  await withDb((db, config) =>
    withStorage(config, async (storage) => {
      const tablePrefix = args.tablePrefix ?? config.tablePrefix;
      const progress = reporter();
      const started = Date.now();
      let totals;
      try {
        totals = await restoreBackup({ client: db.client, storage }, { from: args.from, tablePrefix, force: args.force, observer: progress });
      } finally {
        progress.stop();
      }
      console.log(`Restored ${plural(totals.items, 'item')} into ${totals.tables} tables (prefix "${tablePrefix}") from s3://${storage.bucket}/${args.from} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }),
  );
}

main().catch((error: Error) => fail(`Restore failed: ${error.message}`));
