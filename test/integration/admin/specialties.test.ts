/**
 * Renaming, retiring and restoring a specialty. The slug stays, so its doctors keep it; a retired
 * one is offered neither for booking nor for registration; retiring is refused while an active,
 * approved doctor practises it, and approving or reactivating one in a retired specialty is refused.
 */
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { createSpecialty, getSpecialty, type Specialty } from '../../../src/directory';
import { backfillBookableCounts, getUserById } from '../../../src/users';
import { doctorForm, ensureCityGeneralCardiology, uniqueLetters } from '../../helpers/accounts';
import { signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
let admin: Agent;
let patient: Agent;

beforeAll(async () => {
  await ensureCityGeneralCardiology(deps);
  admin = await signedInAdmin(app, deps);
  patient = await signIn(app, (await aPatient(deps)).email);
});

async function aSpecialty(): Promise<Specialty> {
  const letters = uniqueLetters(8);
  const specialty = { slug: `spec-${letters}`, name: `Speciality ${letters}`, description: 'A specialty made for this test' };
  await createSpecialty(deps.db, specialty);
  return specialty;
}

const page = (s: Specialty) => `/admin/specialties/${s.slug}`;
const act = async (s: Specialty, verb: 'rename' | 'retire' | 'restore', fields: Record<string, string> = {}) => {
  const version = String((await getSpecialty(deps.db, s.slug))?.version ?? 0);
  return submit(admin, page(s), `${page(s)}/${verb}`, { version, ...fields });
};
const doctorIn = (s: Specialty, approval: 'approved' | 'pending' = 'approved') =>
  aDoctor(deps, { doctor: { specialty: s.slug, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 4, consultationFee: 500, approval } });
async function optionsOn(agent: Agent, url: string): Promise<string[]> {
  const form = $((await agent.get(url).expect(200)).text);
  return form('select[name=specialty] option').map((_i, o) => form(o).attr('value')).get();
}

describe('renaming a specialty', () => {
  it('changes the name everyone reads and keeps the slug its doctors hold', async () => {
    const specialty = await aSpecialty();
    const doctor = await doctorIn(specialty);
    const newName = `Renamed ${uniqueLetters(6)}`;
    const response = await act(specialty, 'rename', { name: newName, description: 'Now with a better description' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(page(specialty));
    expect(await getSpecialty(deps.db, specialty.slug)).toEqual({ ...specialty, name: newName, description: 'Now with a better description', version: 1 });
    expect((await getUserById(deps.db, doctor.id))!.doctor!.specialty).toBe(specialty.slug);
    const doctors = $((await patient.get(`/doctors?specialty=${specialty.slug}`)).text);
    expect(doctors('main').text()).toContain(newName);
    expect(doctors(`select[name=specialty] option[value="${specialty.slug}"]`).text()).toBe(newName);
  });

  it("refuses another specialty's name and bad input with 422, changing nothing", async () => {
    const specialty = await aSpecialty();
    for (const [fields, message] of [
      [{ name: 'cardiology', description: 'Taken name, other case' }, 'Another specialty already has this name'],
      [{ name: 'X', description: 'Too short a name' }, 'Enter the specialty name'],
      [{ name: 'Fine Name', description: 'short' }, 'Describe it in at least 10 characters'],
      [{ name: 'Fine Name', description: 'A long enough description', version: '' }, 'Reload the page and try again'],
    ] as const) {
      const response = await act(specialty, 'rename', fields);
      expect([fields.name, response.status]).toEqual([fields.name, 422]);
      expect(messages(response.text)).toContain(message);
    }
    expect(await getSpecialty(deps.db, specialty.slug)).toEqual(specialty);
  });

  it('refuses a rename made on a page another admin has since changed', async () => {
    const specialty = await aSpecialty();
    expect((await act(specialty, 'rename', { name: `First ${uniqueLetters(5)}`, description: 'The first admin saved this' })).status).toBe(303);
    const stale = await submit(admin, page(specialty), `${page(specialty)}/rename`, { version: '0', name: 'Second Name', description: 'The second admin is too late' });
    expect(stale.status).toBe(409);
    expect(messages(stale.text)).toContain('Someone else changed this while you were editing.');
    expect((await getSpecialty(deps.db, specialty.slug))!.description).toBe('The first admin saved this');
  });
});

describe('retiring a specialty', () => {
  it('takes it off the booking and registration forms, refuses registering in it, and restores it', async () => {
    const specialty = await aSpecialty();
    expect(await optionsOn(request.agent(app), '/register/doctor')).toContain(specialty.slug);

    const response = await act(specialty, 'retire');
    expect(response.status).toBe(303);
    const shown = $((await admin.get(page(specialty))).text);
    expect(shown('.flash').text()).toContain('is retired: patients can no longer book it');
    expect(shown('[data-testid="specialty-status"]').text()).toBe('Retired');
    expect((await getSpecialty(deps.db, specialty.slug))!.retiredAt).toBeDefined();
    expect(await optionsOn(request.agent(app), '/register/doctor')).not.toContain(specialty.slug);
    expect(await optionsOn(patient, '/appointments/new')).not.toContain(specialty.slug);
    expect(await optionsOn(patient, '/appointments/new')).toContain('cardiology');
    const registering = await submit(request.agent(app), '/register/doctor', '/register/doctor', doctorForm({ specialty: specialty.slug }));
    expect(registering.status).toBe(422);
    expect(messages(registering.text)).toContain('Choose a specialty from the list');
    expect($((await admin.get('/admin/specialties')).text)(`[data-testid="specialty-${specialty.slug}"] .badge`).text()).toBe('Retired');

    expect((await act(specialty, 'restore')).status).toBe(303);
    expect((await getSpecialty(deps.db, specialty.slug))!.retiredAt).toBeUndefined();
    expect(await optionsOn(request.agent(app), '/register/doctor')).toContain(specialty.slug);
    expect(await optionsOn(patient, '/appointments/new')).toContain(specialty.slug);
  });

  it('is refused while an active, approved doctor practises it, naming them', async () => {
    const specialty = await aSpecialty();
    const doctor = await doctorIn(specialty);
    const response = await act(specialty, 'retire');
    expect(response.status).toBe(409);
    expect(messages(response.text)).toContain(`cannot be retired while active doctors still practise it (Dr ${doctor.firstName} ${doctor.lastName}). Deactivate their accounts first.`);
    const stored = (await getSpecialty(deps.db, specialty.slug))!;
    expect(stored.retiredAt).toBeUndefined();

    // Once the doctor is deactivated it can go; reactivating them is then refused until it is restored.
    expect((await submit(admin, `/admin/users/${doctor.id}`, `/admin/users/${doctor.id}/deactivate`, {})).status).toBe(303);
    expect((await act(specialty, 'retire')).status).toBe(303);
    const reactivate = await submit(admin, `/admin/users/${doctor.id}`, `/admin/users/${doctor.id}/reactivate`, {});
    expect(reactivate.status).toBe(409);
    expect(messages(reactivate.text)).toContain('This doctor’s specialty has been retired. Restore the specialty first.');
    expect((await getUserById(deps.db, doctor.id))!.status).toBe('inactive');
    expect((await act(specialty, 'restore')).status).toBe(303);
    expect((await submit(admin, `/admin/users/${doctor.id}`, `/admin/users/${doctor.id}/reactivate`, {})).status).toBe(303);
  });

  it('does not count a doctor awaiting approval, whose approval is then refused until it is restored', async () => {
    const specialty = await aSpecialty();
    const pending = await doctorIn(specialty, 'pending');
    expect((await act(specialty, 'retire')).status).toBe(303);
    const approving = await submit(admin, '/admin/doctors?status=pending', `/admin/doctors/${pending.id}/approve`, {});
    expect(approving.status).toBe(409);
    expect((await getUserById(deps.db, pending.id))!.doctor!.approval).toBe('pending');
    expect((await act(specialty, 'restore')).status).toBe(303);
    expect((await submit(admin, '/admin/doctors?status=pending', `/admin/doctors/${pending.id}/approve`, {})).status).toBe(303);
  });

  it('lets one of a retirement and an approval racing for the same specialty win, never both', async () => {
    for (let round = 0; round < 5; round += 1) {
      const specialty = await aSpecialty();
      const pending = await doctorIn(specialty, 'pending');
      const [retire, approve] = await Promise.all([act(specialty, 'retire'), submit(admin, '/admin/doctors?status=pending', `/admin/doctors/${pending.id}/approve`, {})]);
      const retired = Boolean((await getSpecialty(deps.db, specialty.slug))!.retiredAt);
      const approved = (await getUserById(deps.db, pending.id))!.doctor!.approval === 'approved';
      expect([round, retired && approved]).toEqual([round, false]);
      expect([retire.status, approve.status]).toContain(303);
    }
  });

  it("is refused by the specialty's count of active doctors when the index has not caught up yet", async () => {
    const specialty = await aSpecialty();
    const pending = await doctorIn(specialty, 'pending');
    expect((await submit(admin, '/admin/doctors?status=pending', `/admin/doctors/${pending.id}/approve`, {})).status).toBe(303);
    // As if the bySpecialty index were still behind the approval.
    await deps.db.doc.send(new UpdateCommand({ TableName: deps.db.tables.users, Key: { pk: `USER#${pending.id}`, sk: 'PROFILE' }, UpdateExpression: 'REMOVE gsi3pk, gsi3sk' }));
    const response = await act(specialty, 'retire');
    expect(response.status).toBe(409);
    expect(messages(response.text)).toContain('cannot be retired: a doctor was just approved or reactivated in it.');
    expect((await getSpecialty(deps.db, specialty.slug))!.retiredAt).toBeUndefined();
  });

  it('counts again from the index when the upgrade backfill runs', async () => {
    const specialty = await aSpecialty();
    await Promise.all([doctorIn(specialty), doctorIn(specialty), doctorIn(specialty, 'pending')]);
    const countKey = { pk: `BOOKABLE#${specialty.slug}`, sk: 'COUNT' };
    const count = async () => (await deps.db.doc.send(new GetCommand({ TableName: deps.db.tables.users, Key: countKey, ConsistentRead: true }))).Item?.active;
    expect(await count()).toBe(2);
    await deps.db.doc.send(new DeleteCommand({ TableName: deps.db.tables.users, Key: countKey }));
    expect(await backfillBookableCounts(deps.db, [specialty.slug])).toEqual({ [specialty.slug]: 2 });
    expect(await count()).toBe(2);
  });

  it('answers twice-retiring, restoring an offered one, a stale version and a missing one clearly', async () => {
    const specialty = await aSpecialty();
    const notRetired = await act(specialty, 'restore');
    expect(notRetired.status).toBe(409);
    expect(messages(notRetired.text)).toContain('This specialty is not retired');
    const stale = await submit(admin, page(specialty), `${page(specialty)}/retire`, { version: '7' });
    expect(stale.status).toBe(409);
    expect(messages(stale.text)).toContain('Someone else changed this');
    expect((await act(specialty, 'retire')).status).toBe(303);
    expect((await act(specialty, 'retire')).status).toBe(409);
    expect((await admin.get('/admin/specialties/no-such-specialty')).status).toBe(404);
    const missing = await submit(admin, page(specialty), '/admin/specialties/no-such-specialty/retire', { version: '0' });
    expect(missing.status).toBe(404);
    expect(messages(missing.text)).toContain('There is no specialty with that id.');
  });
});
