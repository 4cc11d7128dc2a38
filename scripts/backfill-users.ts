/**
 * `npm run backfill-users`: once after upgrading to the admin console's user data (see
 * src/users/backfill.ts): gives users made before the search indexes their search keys, and sets
 * each specialty's count of approved, active doctors (which a retirement checks). The indexes come
 * from the table declarations. Safe to rerun; run it while no admin approves or (de)activates doctors.
 */
import { listSpecialties } from '../src/directory';
import { backfillBookableCounts, backfillSearchKeys } from '../src/users';
import { fail, withDb } from './cli';

withDb(async (db) => {
  const updated = await backfillSearchKeys(db);
  console.log(`Gave ${updated} user${updated === 1 ? '' : 's'} their missing search keys.`);
  const counts = await backfillBookableCounts(db, (await listSpecialties(db)).map((s) => s.slug));
  for (const [specialty, count] of Object.entries(counts)) console.log(`${specialty}: ${count} active doctor${count === 1 ? '' : 's'}`);
}).catch((error: Error) => fail(`backfill-users failed: ${error.message}`));
