/**
 * Donation booking against the blood bank's own records (no fake of its reads): a whole-blood
 * donation recorded by the officer holds the donor back from booking until the interval has passed,
 * and the public page's levels come from the stock on the shelf.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { donorForPatient, recordDonation } from '../../../src/bloodbank/donations/service';
import { addLot } from '../../../src/bloodbank/stock/service';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { buildTestApp } from '../../helpers/app';
import { instantAt } from '../../helpers/appointments';
import { DONATION_SETTINGS, daysAgo, localDay } from '../../helpers/donations';
import { $, messages, signIn } from '../../helpers/http';
import { aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}donations-real-`, ...DONATION_SETTINGS });
const zone = deps.config.timeZone;

beforeAll(async () => {
  await ensureTables(deps.db.client, deps.config.tablePrefix);
});

it('refuses a booking within 90 days of a whole-blood donation the officer recorded, and opens on the first day allowed', async () => {
  const patient = await aPatient(deps, { gender: 'male', dateOfBirth: '1990-03-01', bloodGroup: 'B+' });
  await donorForPatient(deps, patient.id);
  const collectedOn = daysAgo(zone, 40);
  await recordDonation(deps, { id: 'officer' }, patient.id, { kind: 'whole-blood', collectedOn, weightKg: 72, haemoglobin: 14.2, lots: [{ component: 'red-cells', units: 1, bagNumber: `R${randomUUID().slice(0, 8)}` }] });
  const agent = await signIn(app, patient.email);

  const page = $((await agent.get('/blood-bank/book')).text);
  expect(page('[data-testid=too-soon]').text()).toContain('You can book a donation from');
  expect(page('input[name=date]').val()).toBe(localDay(zone, 50));

  const date = localDay(zone, 10);
  const form = $((await agent.get(`/blood-bank/book?date=${date}`)).text);
  const response = await agent.post('/blood-bank/bookings').type('form').send({
    _csrf: form('input[name=_csrf]').first().val(), date, idempotencyKey: randomUUID(), start: instantAt(date, '10:00', zone),
  });
  expect(response.status).toBe(422);
  expect(messages(response.text)).toContain('You can book a donation from');
});

it("shows each group's level from the units on the shelf", async () => {
  await addLot(deps, { group: 'O+', component: 'red-cells', units: 30, bagNumber: `R${randomUUID().slice(0, 8)}`, collectedOn: daysAgo(zone, 2), status: 'available' });
  const page = $((await request(app).get('/blood-bank').expect(200)).text);
  expect(page('[data-group="O+"]').attr('data-level')).toBe('good');
  expect(page('[data-group="AB-"]').attr('data-level')).toBe('low');
});
