/** The demo blood bank: all 8 groups, some lots expiring within days, one group low, donations awaiting screening, requests, a month of flow. */
import { DateTime } from 'luxon';
import { listOpenAlerts } from '../../../src/bloodbank/alerts';
import { listDonationsIn } from '../../../src/bloodbank/donations/repository';
import { listRequests } from '../../../src/bloodbank/requests/repository';
import { seedBloodBank } from '../../../src/bloodbank/seed';
import { readFlow, readStock, redCellUnitsByGroup } from '../../../src/bloodbank/stock/aggregate';
import { listLotsExpiringBy } from '../../../src/bloodbank/stock/lots';
import { BLOOD_GROUPS } from '../../../src/bloodbank/types';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { buildTestApp } from '../../helpers/app';
import { aPatient } from '../../helpers/users';

// A table prefix of its own: the seed meets an empty blood bank.
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `bbseed${Date.now().toString(36)}-` });
beforeAll(() => ensureTables(deps.db.client, deps.config.tablePrefix));

it('seeds a realistic blood bank', async () => {
  const now = new Date();
  const patients = [await aPatient(deps, { bloodGroup: 'B+' }), await aPatient(deps, { gender: 'male', dateOfBirth: '1975-11-03', bloodGroup: 'O+' }), await aPatient(deps)];
  await seedBloodBank(deps, patients, now);
  const stock = await readStock(deps.db);
  const units = redCellUnitsByGroup(stock);
  for (const group of BLOOD_GROUPS) expect(units[group]).toBeGreaterThan(0);
  expect(new Set(stock.filter((c) => c.available > 0).map((c) => c.component)).size).toBe(5);
  const today = DateTime.fromJSDate(now, { zone: deps.config.timeZone });
  expect((await listLotsExpiringBy(deps.db, today.plus({ days: 3 }).toISODate()!)).length).toBeGreaterThanOrEqual(3);
  expect((await listOpenAlerts(deps.db)).map((a) => a.condition)).toContain('low#AB-');
  expect((await listOpenAlerts(deps.db)).filter((a) => a.condition.startsWith('low#'))).toHaveLength(1);
  expect((await listDonationsIn(deps.db, 'awaiting')).items).toHaveLength(3);
  expect((await listRequests(deps.db, 'open')).items).toHaveLength(2);
  const flow = await readFlow(deps.db, today.minus({ days: 29 }).toISODate()!, today.toISODate()!);
  const days = [...flow.values()];
  expect(days.filter((d) => d.issued > 0).length).toBeGreaterThanOrEqual(8);
  expect(days.filter((d) => d.collected > 0).length).toBeGreaterThanOrEqual(10);
});
