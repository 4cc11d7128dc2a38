/**
 * `npm run backfill-user-search`: once after upgrading to the users' search indexes (the admin's
 * user search), gives users made before them their search keys (see src/users/backfill.ts). The
 * indexes themselves come from the table declarations. Safe to rerun.
 */
import { backfillSearchKeys } from '../src/users';
import { fail, withDb } from './cli';

withDb(async (db) => {
  const updated = await backfillSearchKeys(db);
  console.log(`Gave ${updated} user${updated === 1 ? '' : 's'} their missing search keys.`);
}).catch((error: Error) => fail(`backfill-user-search failed: ${error.message}`));
