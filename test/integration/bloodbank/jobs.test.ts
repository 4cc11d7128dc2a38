/**
 * The blood bank's jobs: expired lots leave stock in the same transaction; each alert condition
 * alerts once through the outbox to the staff topic (an SNS record on the dev mailbox locally),
 * shows on the dashboard, and re-arms when it clears.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { checkBloodAlerts, expireLots } from '../../../src/bloodbank/jobs';
import { issueUnits } from '../../../src/bloodbank/requests/issue';
import { createRequest } from '../../../src/bloodbank/requests/service';
import { readStock } from '../../../src/bloodbank/stock/aggregate';
import { getLot } from '../../../src/bloodbank/stock/lots';
import { addLot, discardLot } from '../../../src/bloodbank/stock/service';
import type { BloodGroup, Component } from '../../../src/bloodbank/types';
import { buildTestApp } from '../../helpers/app';
import { signedInAdmin } from '../../helpers/admin';
import { $ } from '../../helpers/http';
import { outboxItemsFor } from '../../helpers/outbox';
import request from 'supertest';

const { app, deps } = buildTestApp({ MEDTRACK_BLOOD_THRESHOLDS: 'O+=3' });
const day = (n: number) => DateTime.now().setZone(deps.config.timeZone).plus({ days: n }).toISODate()!;
const lotOf = (group: BloodGroup, component: Component, units: number, expiresIn: number, status: 'available' | 'quarantined' = 'available') =>
  addLot(deps, { group, component, units, bagNumber: `J${randomUUID().slice(0, 8)}`, collectedOn: day(-3), expiresOn: day(expiresIn), status });
const cell = async (group: string, component: string) => (await readStock(deps.db)).find((c) => c.group === group && c.component === component)!;
const alertsAbout = async (subject: string) => (await outboxItemsFor(deps.db, 'staff-topic', 'bloodbank.alert')).filter((n) => n.topic?.subject === subject);

it('marks lots past their last day expired, with the stock, and leaves the rest', async () => {
  const [gone, quarantined, today, later] = [await lotOf('B+', 'red-cells', 2, -1), await lotOf('B+', 'red-cells', 1, -2, 'quarantined'), await lotOf('B+', 'red-cells', 1, 0), await lotOf('B+', 'red-cells', 1, 9)];
  const before = await cell('B+', 'red-cells');
  expect((await expireLots(deps)).expired).toBeGreaterThanOrEqual(2);
  expect(await getLot(deps.db, gone.id)).toMatchObject({ status: 'expired', reason: 'Past its expiry date' });
  expect(await getLot(deps.db, quarantined.id)).toMatchObject({ status: 'expired' });
  expect(await getLot(deps.db, today.id)).toMatchObject({ status: 'available' });
  expect(await getLot(deps.db, later.id)).toMatchObject({ status: 'available' });
  expect(await cell('B+', 'red-cells')).toMatchObject({ available: before.available - 2, quarantined: before.quarantined - 1 });
  expect((await expireLots(deps)).expired).toBe(0);
});

it('alerts once when a group falls below its threshold, and again only after it recovered', async () => {
  await checkBloodAlerts(deps);
  expect(await alertsAbout('Blood stock low: O+')).toHaveLength(1);
  await checkBloodAlerts(deps);
  expect(await alertsAbout('Blood stock low: O+')).toHaveLength(1);

  const lot = await lotOf('O+', 'red-cells', 3, 30);
  expect((await checkBloodAlerts(deps)).cleared).toBeGreaterThanOrEqual(1);
  expect(await alertsAbout('Blood stock low: O+')).toHaveLength(1);
  const patient = randomUUID();
  const req = await createRequest(deps, 'officer', { patientId: patient, group: 'O+', component: 'red-cells', units: 1, urgency: 'urgent' });
  await issueUnits(deps, req.id, [{ lotId: lot.id, units: 1 }], { by: 'officer' });
  await checkBloodAlerts(deps);
  const alerts = await alertsAbout('Blood stock low: O+');
  expect(alerts).toHaveLength(2);
  expect(alerts[0].topic!.message).toContain('O+ red-cell units available');
  expect(alerts.every((a) => a.userId === 'staff-topic' && !a.email && !a.sms && !a.inbox)).toBe(true);
});

it('alerts once about a lot that expires soon, until it leaves the shelf', async () => {
  const lot = await lotOf('AB-', 'plasma', 1, 2);
  await checkBloodAlerts(deps);
  await checkBloodAlerts(deps);
  const subject = 'Blood lot expires soon: AB-';
  expect((await alertsAbout(subject)).filter((a) => a.topic!.message.includes(lot.bagNumber))).toHaveLength(1);
  await discardLot(deps, lot.id, 'Bag damaged');
  await checkBloodAlerts(deps);
  const admin = await signedInAdmin(app, deps);
  const dashboard = await admin.get('/admin/blood-bank').expect(200);
  expect($(dashboard.text)(`[data-condition="expiring#${lot.id}"]`)).toHaveLength(0);
  expect($(dashboard.text)('[data-condition="low#O+"]')).toHaveLength(1);
  expect($(dashboard.text)('[data-group="O+"]').attr('data-level')).toBe('low');
});

it('sends the alerts to the staff topic through the outbox: an SNS record on the dev mailbox', async () => {
  await checkBloodAlerts(deps);
  await deps.outbox.drain();
  const mailbox = await request(app).get('/dev/mailbox').expect(200);
  const subjects = $(mailbox.text)('[data-testid=sns-subject]').map((_i, el) => $(mailbox.text)(el).text()).get();
  expect(subjects).toContain('Blood stock low: O+');
});
