/**
 * Issuing can never issue more than exists: 50 officers at once against 20 units, read back from
 * the lot, the stock aggregate and the requests.
 */
import { randomUUID } from 'node:crypto';
import { getRequest } from '../../../src/bloodbank/requests/repository';
import { listIssuesOfLot } from '../../../src/bloodbank/requests/issue-records';
import { issueUnits } from '../../../src/bloodbank/requests/issue';
import { createRequest } from '../../../src/bloodbank/requests/service';
import { readStock } from '../../../src/bloodbank/stock/aggregate';
import { getLot } from '../../../src/bloodbank/stock/lots';
import { addLot } from '../../../src/bloodbank/stock/service';
import { HttpError } from '../../../src/platform/http/errors';
import { burstDb } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { aPatient } from '../../helpers/users';

const { deps } = buildTestApp();
const burst = { db: burstDb(deps.config), config: deps.config };
const bag = () => `R${randomUUID().slice(0, 10)}`;
const cellOf = async (group: string, component: string) => (await readStock(deps.db)).find((c) => c.group === group && c.component === component)!;

it('50 concurrent issues against 20 units issue exactly 20, and nothing goes below zero', async () => {
  const patient = await aPatient(deps);
  // AB- platelets: a cell no other test of this file touches, so the aggregate is exact.
  const before = await cellOf('AB-', 'platelets');
  const lot = await addLot(deps, { group: 'AB-', component: 'platelets', units: 20, bagNumber: bag(), collectedOn: '2026-12-01', expiresOn: '2099-01-01', status: 'available' });
  const requests = await Promise.all(Array.from({ length: 50 }, () => createRequest(deps, 'officer', { patientId: patient.id, group: 'AB-', component: 'platelets', units: 1, urgency: 'urgent' })));
  const results = await Promise.allSettled(requests.map((r) => issueUnits(burst, r.id, [{ lotId: lot.id, units: 1 }], { by: 'officer' })));
  const issued = results.filter((r) => r.status === 'fulfilled');
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  expect(issued).toHaveLength(20);
  expect(refused).toHaveLength(30);
  for (const error of refused) {
    expect(error).toBeInstanceOf(HttpError);
    expect([409, 422]).toContain((error as HttpError).status);
    expect(error.message).toMatch(/Lot R.* (no longer has 1 unit|has only 0 units left)/);
  }
  const after = await getLot(deps.db, lot.id);
  expect(after).toMatchObject({ units: 0, status: 'issued' });
  expect((await cellOf('AB-', 'platelets')).available).toBe(before.available);
  const stored = await Promise.all(requests.map((r) => getRequest(deps.db, r.id)));
  expect(stored.filter((r) => r!.status === 'fulfilled')).toHaveLength(20);
  expect(stored.filter((r) => r!.remaining < 0)).toHaveLength(0);
  // Each unit that went out is traced to its request, and only those.
  const traced = await listIssuesOfLot(deps.db, lot.id);
  expect(traced.map((t) => t.requestId).sort()).toEqual(stored.filter((r) => r!.status === 'fulfilled').map((r) => r!.id).sort());
  expect(traced.every((t) => t.units === 1 && t.bagNumber === lot.bagNumber && t.issuedBy === 'officer')).toBe(true);
});

it('refuses to issue more than a lot holds, with a clear message, writing nothing', async () => {
  const patient = await aPatient(deps);
  const lot = await addLot(deps, { group: 'B-', component: 'cryo', units: 2, bagNumber: bag(), collectedOn: '2026-12-01', status: 'available' });
  const request = await createRequest(deps, 'officer', { patientId: patient.id, group: 'B-', component: 'cryo', units: 3, urgency: 'routine' });
  await expect(issueUnits(deps, request.id, [{ lotId: lot.id, units: 3 }], { by: 'officer' })).rejects.toThrow(`Lot ${lot.bagNumber} has only 2 units left.`);
  const second = await addLot(deps, { group: 'AB-', component: 'cryo', units: 5, bagNumber: bag(), collectedOn: '2026-12-01', status: 'available' });
  await expect(issueUnits(deps, request.id, [{ lotId: lot.id, units: 1 }, { lotId: second.id, units: 3 }], { by: 'officer' })).rejects.toThrow('needs 3 more units; you chose 4');
  await expect(issueUnits(deps, request.id, [{ lotId: lot.id, units: 1 }, { lotId: lot.id, units: 1 }], { by: 'officer' })).rejects.toThrow('Choose each lot once.');
  // Cryoprecipitate follows the plasma rule: A+ is no donor for a B- recipient.
  const incompatible = await addLot(deps, { group: 'A+', component: 'cryo', units: 1, bagNumber: bag(), collectedOn: '2026-12-01', status: 'available' });
  await expect(issueUnits(deps, request.id, [{ lotId: incompatible.id, units: 1 }], { by: 'officer' })).rejects.toThrow('is not compatible with this request');
  expect(await getLot(deps.db, lot.id)).toMatchObject({ units: 2, status: 'available' });
  expect(await getLot(deps.db, second.id)).toMatchObject({ units: 5, status: 'available' });
  expect(await getRequest(deps.db, request.id)).toMatchObject({ remaining: 3, status: 'open' });
});
