/**
 * `npm run backfill-department-index`: once after upgrading to the byDepartmentDay index, gives
 * appointments written before it their department key (see src/appointments/repository/backfill.ts).
 * The index itself comes from the table declarations (local start, `npm run create-tables`, the
 * AWS template); this fills it. Safe to rerun.
 */
import { backfillDepartmentIndex } from '../src/appointments';
import { fail, withDb } from './cli';

withDb(async (db) => {
  const updated = await backfillDepartmentIndex(db);
  console.log(`Gave ${updated} appointment item${updated === 1 ? '' : 's'} their department index key.`);
}).catch((error: Error) => fail(`backfill-department-index failed: ${error.message}`));
