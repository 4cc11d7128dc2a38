/**
 * Prescriptions issued before the byPatient index existed: not on the timeline until the one-off
 * backfill gives them their index keys; a rerun changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { backfillPrescriptionIndex } from '../../../src/prescriptions';
import { listPrescriptionsForPatient } from '../../../src/prescriptions/repository';
import { buildTestApp } from '../../helpers/app';

const { deps } = buildTestApp();

it('gives an old prescription its index keys once, so the timeline lists it', async () => {
  const patientId = randomUUID();
  const id = randomUUID();
  const issuedAt = new Date(Date.now() - 86_400_000).toISOString();
  // As the prescriptions feature wrote it before the index: key and fields only.
  const old = { pk: `RX#${id}`, sk: 'RX', id, appointmentId: randomUUID(), patientId, doctorId: randomUUID(), hospitalId: 'city-general', patientName: 'Old Patient', doctorName: 'Dr Old', lines: [{ drug: 'Aspirin', dose: '75 mg', frequency: 'once a day', duration: '30 days' }], issuedAt, contentVersion: 1, status: 'active', dispenseCodeHash: '0'.repeat(64), dispenseCodeKeyId: 'test', version: 1 };
  await deps.db.doc.send(new PutCommand({ TableName: deps.db.tables.prescriptions, Item: old }));
  const range = { from: '0', below: '~', limit: 10 };
  expect(await listPrescriptionsForPatient(deps.db, patientId, range)).toEqual([]);

  expect(await backfillPrescriptionIndex(deps.db)).toBeGreaterThanOrEqual(1);

  expect((await listPrescriptionsForPatient(deps.db, patientId, range)).map((p) => [p.id, p.issuedAt])).toEqual([[id, issuedAt]]);
  expect(await backfillPrescriptionIndex(deps.db)).toBe(0);
});
