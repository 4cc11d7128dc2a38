/**
 * Who sees a vault file: the patient; a doctor caring for them unless the file is hidden; a doctor
 * the file is shared with until the share is revoked; nobody else (404, as for a missing file;
 * admins are turned away by role). Deleting hides a file for the undo days, Undo brings it back,
 * and the daily purge then removes its object. A doctor adds files only during a visit today.
 * Every read and write, refusals included, writes one audit event.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { importVisits } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { queryEvents } from '../../../src/audit';
import { getFile } from '../../../src/records/vault/repository';
import { purgeDeletedFiles } from '../../../src/records/vault/purge';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { aDoctorWithPlan, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { outboxItemsFor } from '../../helpers/outbox';
import { $, csrfFrom, signIn, type Agent } from '../../helpers/http';
import { TINY_PNG } from '../../helpers/images';
import { anAdmin, aPatient } from '../../helpers/users';
import { objectsOf, tinyPdf, uploadVia } from '../../helpers/vault';

const { app, deps } = buildTestApp();
const zone = deps.config.timeZone;

/** A visit written as it would stand, starting at `startsAt`, in the given state. */
async function aVisit(patient: User, doctor: User, status: 'completed' | 'in-progress', startsAt: DateTime) {
  const start = startsAt.toUTC();
  await importVisits(deps, [{
    id: randomUUID(), patientId: patient.id, doctorId: doctor.id, specialty: doctor.doctor!.specialty, hospitalId: doctor.doctor!.hospitalId,
    start: start.toISO()!, end: start.plus({ minutes: 20 }).toISO()!, localDate: start.setZone(zone).toISODate()!, status, reason: 'Vault test',
    assignment: { mode: 'named' }, createdAt: start.minus({ days: 1 }).toISO()!, timeline: { checkedInAt: start.toISO()!, startedAt: start.toISO()! },
  }]);
}

interface Cast { patient: User; carer: User; former: User; stranger: User; otherPatient: User; admin: User; agents: Record<string, Agent> }

/** A patient with a visit booked with `carer`, one completed long ago with `former`, and people with no tie. */
async function aCast(): Promise<Cast> {
  const specialty = uniqueSpecialty('vault');
  const [patient, carer, former, stranger, otherPatient, admin] = await Promise.all([
    aPatient(deps), aDoctorWithPlan(deps, specialty), aDoctorWithPlan(deps, specialty), aDoctorWithPlan(deps, specialty), aPatient(deps), anAdmin(deps),
  ]);
  const booked = await bookAppointment(deps, { patient, doctorId: carer.id, start: instantAt(futureWeekday(zone, 5), '10:00', zone), reason: 'Check-up', idempotencyKey: randomUUID() });
  if (booked.kind !== 'booked') throw new Error(booked.kind);
  await aVisit(patient, former, 'completed', DateTime.now().minus({ months: deps.config.records.careRelationshipMonths + 2 }));
  const people = { patient, carer, former, stranger, otherPatient, admin };
  const agents = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([name, user]) => [name, await signIn(app, user.email)] as const)));
  return { ...people, agents };
}

const post = async (agent: Agent, path: string, fields: Record<string, string> = {}) => agent.post(path).type('form').send({ ...fields, _csrf: await csrfFrom(agent, '/account/password') });
const statusFor = async (agent: Agent, path: string) => (await agent.get(path)).status;

beforeAll(() => ensureCityGeneralCardiology(deps));

describe('who may see a file', () => {
  it('follows care, hiding and sharing, and answers everyone else as if the file did not exist', async () => {
    const c = await aCast();
    const file = (await uploadVia(c.agents.patient, { bytes: TINY_PNG, filename: 'knee.png', contentType: 'image/png' })).headers.location;
    const list = `/patients/${c.patient.id}/files`;
    const missing = `${list}/${randomUUID()}`;
    const can = async (name: string) => [await statusFor(c.agents[name], file), await statusFor(c.agents[name], `${file}/download`)];

    expect(await can('patient')).toEqual([200, 200]);
    expect(await can('carer')).toEqual([200, 200]);
    expect($((await c.agents.carer.get(list)).text)('[data-testid=vault-file] a').attr('href')).toBe(file);
    for (const name of ['former', 'stranger', 'otherPatient']) expect(await can(name)).toEqual([404, 404]);
    expect(await can('admin')).toEqual([403, 403]);
    expect((await c.agents.stranger.get(file)).text).toBe((await c.agents.stranger.get(missing)).text.replace(missing, file));
    expect(await statusFor(c.agents.stranger, list)).toBe(404);

    expect((await post(c.agents.patient, `${file}/share`, { doctorId: c.former.id })).status).toBe(303);
    expect(await can('former')).toEqual([200, 200]);
    expect($((await c.agents.patient.get(file)).text)('[data-testid=shared-with]').text()).toContain(c.former.lastName);
    // The doctor is told, with a link to the file and nothing of what it is; sharing again tells no one twice.
    expect((await post(c.agents.patient, `${file}/share`, { doctorId: c.former.id })).status).toBe(303);
    const told = await outboxItemsFor(deps.db, c.former.id, 'file.shared');
    expect(told.map((item) => item.inbox?.link)).toEqual([file]);
    expect(JSON.stringify(told)).not.toMatch(/knee|imaging|lab report/i);

    expect((await post(c.agents.patient, `${file}/hide`)).status).toBe(303);
    expect(await can('carer')).toEqual([404, 404]);
    expect(await can('former')).toEqual([404, 404]);
    expect($((await c.agents.carer.get(list)).text)('[data-testid=vault-file]')).toHaveLength(0);
    expect(await can('patient')).toEqual([200, 200]);

    expect((await post(c.agents.patient, `${file}/unhide`)).status).toBe(303);
    expect((await post(c.agents.patient, `${file}/unshare`, { doctorId: c.former.id })).status).toBe(303);
    expect(await can('carer')).toEqual([200, 200]);
    expect(await can('former')).toEqual([404, 404]);
  });

  it("refuses sharing with a doctor who is not one of the patient's, with a message", async () => {
    const c = await aCast();
    const file = (await uploadVia(c.agents.patient, { bytes: TINY_PNG, filename: 'a.png' })).headers.location;

    const response = await post(c.agents.patient, `${file}/share`, { doctorId: c.stranger.id });

    expect(response.status).toBe(422);
    expect($(response.text)('#f-doctorId-error').text()).toBe('Choose one of your doctors from the list');
    expect(await statusFor(c.agents.stranger, file)).toBe(404);
  });

  it("lets no one but the patient change a file (another patient's attempt is a 404)", async () => {
    const c = await aCast();
    const file = (await uploadVia(c.agents.patient, { bytes: TINY_PNG, filename: 'a.png' })).headers.location;
    const fileId = file.split('/').pop()!;

    expect((await post(c.agents.otherPatient, `${file}/hide`)).status).toBe(404);
    expect((await post(c.agents.otherPatient, `${file}/delete`)).status).toBe(404);
    expect((await post(c.agents.carer, `${file}/hide`)).status).toBe(403);
    expect(await getFile(deps.db, c.patient.id, fileId)).toMatchObject({ hidden: false, version: 1 });
  });
});

describe('deleting a file', () => {
  it('hides it from lists and downloads, lists it under Recently deleted with Undo, and Undo brings it back', async () => {
    const c = await aCast();
    const file = (await uploadVia(c.agents.patient, { bytes: TINY_PNG, filename: 'a.png' }, { title: 'Old scan' })).headers.location;

    expect((await post(c.agents.patient, `${file}/delete`)).headers.location).toBe('/records');

    expect($((await c.agents.patient.get('/records')).text)('[data-testid=vault-file]')).toHaveLength(0);
    expect(await statusFor(c.agents.patient, `${file}/download`)).toBe(404);
    expect(await statusFor(c.agents.carer, file)).toBe(404);
    const deleted = $((await c.agents.patient.get('/records/deleted')).text)('[data-testid=deleted-file]');
    expect(deleted.text()).toContain('Old scan');
    expect(deleted.find('form').attr('action')).toBe(`${file}/restore`);

    expect((await post(c.agents.patient, `${file}/restore`)).status).toBe(303);
    expect($((await c.agents.patient.get('/records')).text)('[data-testid=vault-file]').text()).toContain('Old scan');
    expect(await statusFor(c.agents.carer, `${file}/download`)).toBe(200);
  });

  it('is purged by the daily job once the undo days are over: object gone, item marked, nothing due left', async () => {
    const c = await aCast();
    const kept = (await uploadVia(c.agents.patient, { bytes: TINY_PNG, filename: 'a.png' })).headers.location;
    const gone = (await uploadVia(c.agents.patient, { bytes: tinyPdf(), filename: 'b.pdf' })).headers.location;
    await post(c.agents.patient, `${gone}/delete`);
    const goneId = gone.split('/').pop()!;

    await purgeDeletedFiles(deps, new Date(Date.now() + (deps.config.records.undoDays - 1) * 86_400_000));
    expect(await objectsOf(deps, c.patient.id)).toHaveLength(2);

    await purgeDeletedFiles(deps, new Date(Date.now() + (deps.config.records.undoDays + 1) * 86_400_000));

    expect(await objectsOf(deps, c.patient.id)).toEqual([`vault/${c.patient.id}/${kept.split('/').pop()}`]);
    expect(await getFile(deps.db, c.patient.id, goneId)).toMatchObject({ purgedAt: expect.any(String) });
    expect($((await c.agents.patient.get('/records/deleted')).text)('[data-testid=deleted-file]')).toHaveLength(0);
    expect((await post(c.agents.patient, `${gone}/restore`)).status).toBe(404);
  });
});

describe('a doctor adding a file', () => {
  it('may during a visit with the patient today, and the file is marked as added by a doctor', async () => {
    const c = await aCast();
    await aVisit(c.patient, c.stranger, 'in-progress', DateTime.now().minus({ minutes: 5 }));
    const form = `/patients/${c.patient.id}/files/new`;

    const response = await uploadVia(c.agents.stranger, { bytes: tinyPdf(), filename: 'letter.pdf' }, { patientId: c.patient.id }, form);

    expect(response.status).toBe(303);
    const fileId = response.headers.location.split('/').pop()!;
    expect(await getFile(deps.db, c.patient.id, fileId)).toMatchObject({ uploadedBy: { userId: c.stranger.id, role: 'doctor' } });
    expect($((await c.agents.patient.get('/records')).text)('[data-testid=vault-file]').text()).toContain('Added by your doctor');
  });

  it('may not without such a visit: 404, and nothing stored', async () => {
    const c = await aCast();

    expect(await statusFor(c.agents.carer, `/patients/${c.patient.id}/files/new`)).toBe(404);
    const response = await uploadVia(c.agents.carer, { bytes: tinyPdf(), filename: 'letter.pdf' }, { patientId: c.patient.id }, '/account/password');

    expect(response.status).toBe(404);
    expect(await objectsOf(deps, c.patient.id)).toEqual([]);
    // A form refused for its fields does not name a patient the doctor has no visit with.
    const refused = await post(c.agents.carer, '/records/upload', { patientId: c.patient.id, title: 'x', kind: 'other', date: '2026-01-01' });
    expect(refused.status).toBe(422);
    expect(refused.text).not.toContain(c.patient.lastName);
  });
});

describe('the audit of the vault', () => {
  it('writes one event for each read and write, refusals included', async () => {
    const c = await aCast();
    const file = (await uploadVia(c.agents.patient, { bytes: TINY_PNG, filename: 'a.png' })).headers.location;
    const fileId = file.split('/').pop()!;
    await c.agents.patient.get('/records');
    await c.agents.carer.get(file);
    await c.agents.carer.get(`${file}/download`);
    await c.agents.carer.get(`${file}/preview`);
    await c.agents.stranger.get(file);
    await post(c.agents.patient, `${file}/hide`);

    const events = (await queryEvents(deps.db, { by: 'patient', value: c.patient.id }, 50)).events.reverse();
    const seen = events.map((e) => [e.actorUserId, e.action, e.resourceType, e.resourceId, e.outcome]);
    expect(seen).toEqual([
      [c.patient.id, 'create', 'file', 'new', 'allowed'],
      [c.patient.id, 'list', 'file', c.patient.id, 'allowed'],
      [c.carer.id, 'view', 'file', fileId, 'allowed'],
      [c.carer.id, 'download', 'file', fileId, 'allowed'],
      [c.carer.id, 'preview', 'file', fileId, 'allowed'],
      [c.stranger.id, 'view', 'file', fileId, 'denied'],
      [c.patient.id, 'hide', 'file', fileId, 'allowed'],
    ]);
  });
});
