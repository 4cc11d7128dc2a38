/**
 * `npm run backfill-department-index`: once after upgrading to the byDepartmentDay or the
 * byPatientVisits index, gives appointments written before it their keys in both (see
 * src/appointments/repository/backfill.ts). The indexes themselves come from the table
 * declarations (local start, `npm run create-tables`, the AWS template); this fills them. Safe to rerun.
 */
import { backfillIndexKeys } from '../src/appointments';
import { fail, withDb } from './cli';

withDb(async (db) => {
  const updated = await backfillIndexKeys(db);
  console.log(`Gave ${updated} appointment item${updated === 1 ? '' : 's'} their missing index keys.`);
}).catch((error: Error) => fail(`backfill-department-index failed: ${error.message}`));
