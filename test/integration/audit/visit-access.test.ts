/**
 * T-AUD-01 on the visit page: each view of a visit writes exactly one audit event with who, what,
 * when, where and the outcome, and no PHI; another doctor's attempt is audited as denied; when the
 * audit write fails the page is a 503 with none of the visit on it (fail closed).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Appointment } from '../../../src/appointments/types';
import type { AuditEvent } from '../../../src/audit';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, signIn, type Agent } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';
import { aPastVisit, daysAgoAt } from '../archive/visits';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}auditvisit-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });
const { db } = deps;

let patient: User;
let doctor: User;
let otherDoctor: User;
let visit: Appointment;
let doctorAgent: Agent;

beforeAll(async () => {
  await ensureTables(db.client, PREFIX);
  await ensureCityGeneralCardiology(deps);
  [patient, doctor, otherDoctor] = await Promise.all([
    aPatient(deps, { firstName: 'Zephyrine', lastName: 'Quillfeather', dateOfBirth: '1961-04-17' }),
    aDoctor(deps),
    aDoctor(deps),
  ]);
  visit = await aPastVisit(deps, { start: daysAgoAt(deps, 2, '09:00'), status: 'completed', patientId: patient.id, doctorId: doctor.id });
  doctorAgent = await signIn(app, doctor.email);
});

/** Every stored audit item by an actor, by Query on the byActor index (raw items, to grep for PHI). */
async function itemsBy(actorId: string): Promise<Record<string, unknown>[]> {
  const page = await db.doc.send(
    new QueryCommand({ TableName: db.tables.audit, IndexName: 'byActor', KeyConditionExpression: 'gsi1pk = :a', ExpressionAttributeValues: { ':a': `ACTOR#${actorId}` } }),
  );
  return page.Items ?? [];
}

describe('opening a visit', () => {
  it('writes exactly one event per view, with who, what, when, where and the outcome, and no PHI', async () => {
    const before = (await itemsBy(doctor.id)).length;
    const page = await doctorAgent.get(`/appointments/${visit.id}`).set('User-Agent', 'audit-test-browser').expect(200);
    expect($(page.text)('[data-testid=diagnosis]').text()).toBe('Stable angina');

    const items = await itemsBy(doctor.id);
    expect(items).toHaveLength(before + 1);
    const event = items.at(-1) as unknown as AuditEvent;
    expect(event).toMatchObject({
      actorUserId: doctor.id,
      actorRole: 'doctor',
      action: 'view',
      resourceType: 'visit',
      resourceId: visit.id,
      patientId: patient.id,
      outcome: 'allowed',
      chainId: `patient:${patient.id}`,
    });
    expect(event.requestId).toMatch(/\S/);
    expect(event.clientIp).toMatch(/127\.0\.0\.1/);
    expect(event.userAgentHash).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.now() - Date.parse(event.ts)).toBeLessThan(60_000);

    const stored = JSON.stringify(items.at(-1));
    for (const phi of ['Stable angina', 'Aspirin', 'Review in a month', 'Chest pain', 'Zephyrine', 'Quillfeather', '1961-04-17', 'audit-test-browser', patient.email]) {
      expect(stored).not.toContain(phi);
    }
    expect(stored).not.toMatch(/medtrack\.sid|connect\.sid/);

    await doctorAgent.get(`/appointments/${visit.id}`).expect(200);
    expect(await itemsBy(doctor.id)).toHaveLength(before + 2);
  });

  it("audits another doctor's attempt as denied, once, and answers 404", async () => {
    const agent = await signIn(app, otherDoctor.email);
    await agent.get(`/appointments/${visit.id}`).expect(404);
    const items = (await itemsBy(otherDoctor.id)) as unknown as AuditEvent[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actorRole: 'doctor', resourceType: 'visit', resourceId: visit.id, outcome: 'denied' });
  });

  it('fails closed: when the audit write fails, the answer is 503 and none of the visit is shown', async () => {
    const name = 'fail-audit-writes';
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string };
        if (context.commandName === 'PutItemCommand' && input.TableName === db.tables.audit) {
          throw Object.assign(new Error('injected audit outage'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const page = await doctorAgent.get(`/appointments/${visit.id}`);
      expect(page.status).toBe(503);
      for (const phi of ['Stable angina', 'Aspirin', 'Zephyrine', 'Quillfeather']) expect(page.text).not.toContain(phi);
    } finally {
      db.client.middlewareStack.remove(name);
    }
  });
});
