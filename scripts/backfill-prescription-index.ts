/**
 * `npm run backfill-prescription-index`: once after upgrading to the prescriptions' byPatient index
 * (the health timeline), gives prescriptions issued before it their keys (see
 * src/prescriptions/backfill.ts). The index itself comes from the table declarations. Safe to rerun.
 */
import { backfillPrescriptionIndex } from '../src/prescriptions';
import { fail, withDb } from './cli';

withDb(async (db) => {
  const updated = await backfillPrescriptionIndex(db);
  console.log(`Gave ${updated} prescription${updated === 1 ? '' : 's'} their missing index keys.`);
}).catch((error: Error) => fail(`backfill-prescription-index failed: ${error.message}`));
