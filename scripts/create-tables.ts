/** `npm run create-tables`: creates every table of tables.ts that is missing (GSIs, TTL). Idempotent. */
import { ensureTables } from '../src/platform/db/bootstrap';
import { fail, withDb } from './cli';

withDb(async (db, config) => {
  const created = await ensureTables(db.client, config.tablePrefix);
  console.log(created.length ? `Created: ${created.join(', ')}` : `All tables already exist (prefix "${config.tablePrefix}").`);
}).catch((error: Error) => fail(`create-tables failed: ${error.message}`));
