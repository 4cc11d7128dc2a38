/**
 * Donors and donations through the officer's pages: eligibility refusals, quarantine, screening
 * pass (lots available) and fail (lots discarded, follow-up), and bad input leaving nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { queryEvents } from '../../../src/audit';
import { getDonor, listDonationsOfDonor } from '../../../src/bloodbank/donations/repository';
import { readStock } from '../../../src/bloodbank/stock/aggregate';
import { listLotsOfDonation } from '../../../src/bloodbank/stock/lots';
import { buildTestApp } from '../../helpers/app';
import { signedInAdmin } from '../../helpers/admin';
import { $, messages, submit, type Agent } from '../../helpers/http';
import { aPatient, uniquePhone } from '../../helpers/users';

const { app, deps } = buildTestApp();
const BASE = '/admin/blood-bank';
let officer: Agent;
beforeAll(async () => {
  officer = await signedInAdmin(app, deps);
});

const today = () => DateTime.now().setZone(deps.config.timeZone).toISODate()!;
const bag = () => `T${randomUUID().slice(0, 8)}`;
const cell = async (group: string, component: string) => (await readStock(deps.db)).find((c) => c.group === group && c.component === component)!;

async function walkIn(fields: Record<string, string> = {}): Promise<string> {
  const response = await submit(officer, `${BASE}/donors`, `${BASE}/donors`, { firstName: 'Ravi', lastName: 'Kumar', phone: uniquePhone(), group: 'B-', dateOfBirth: '1990-01-15', sex: 'male', ...fields });
  expect(response.status).toBe(303);
  return response.headers.location.split('/').pop()!;
}

const donationForm = (fields: Record<string, string> = {}) => ({ kind: 'whole-blood', collectedOn: today(), weightKg: '72', haemoglobin: '14.1', component1: 'red-cells', units1: '1', bag1: bag(), component2: 'plasma', units2: '1', bag2: bag(), ...fields });

async function donate(donorId: string, fields: Record<string, string> = {}) {
  return submit(officer, `${BASE}/donors/${donorId}`, `${BASE}/donors/${donorId}/donations`, donationForm(fields));
}

const screen = (donationId: string, positive?: string) =>
  submit(officer, `${BASE}/donations/${donationId}`, `${BASE}/donations/${donationId}/screening`, { hiv: 'negative', hbv: 'negative', hcv: 'negative', syphilis: 'negative', malaria: 'negative', ...(positive ? { [positive]: 'positive' } : {}) });

it('records a donation quarantined, and screening all negative makes its lots available', async () => {
  const donorId = await walkIn();
  const [redBefore, plasmaBefore] = [await cell('B-', 'red-cells'), await cell('B-', 'plasma')];
  const recorded = await donate(donorId);
  expect(recorded.status).toBe(303);
  const donationId = recorded.headers.location.split('/').pop()!;
  const lots = await listLotsOfDonation(deps.db, donationId);
  expect(lots.map((l) => l.status)).toEqual(['quarantined', 'quarantined']);
  expect(lots.find((l) => l.component === 'red-cells')!.expiresOn).toBe(DateTime.fromISO(today()).plus({ days: 42 }).toISODate());
  expect((await cell('B-', 'red-cells')).quarantined).toBe(redBefore.quarantined + 1);
  expect((await officer.get(`${BASE}/screening`)).text).toContain(donationId);

  expect((await screen(donationId)).status).toBe(303);
  expect((await listLotsOfDonation(deps.db, donationId)).map((l) => l.status)).toEqual(['available', 'available']);
  expect(await cell('B-', 'red-cells')).toMatchObject({ available: redBefore.available + 1, quarantined: redBefore.quarantined });
  expect((await cell('B-', 'plasma')).available).toBe(plasmaBefore.available + 1);
  const page = await officer.get(`${BASE}/donations/${donationId}`).expect(200);
  expect($(page.text)('[data-testid=screening-state]').text()).toBe('screening passed');
  // A second screening is refused: it was recorded.
  expect((await screen(donationId, 'hiv')).status).toBe(409);
});

it('a positive result discards the lots with a reason and puts the donor on the follow-up list', async () => {
  const donorId = await walkIn({ group: 'AB+' });
  const before = await cell('AB+', 'red-cells');
  const donationId = (await donate(donorId)).headers.location.split('/').pop()!;
  expect((await screen(donationId, 'malaria')).status).toBe(303);
  const lots = await listLotsOfDonation(deps.db, donationId);
  expect(lots.every((l) => l.status === 'discarded' && l.reason === 'Failed donor screening')).toBe(true);
  expect(await cell('AB+', 'red-cells')).toMatchObject({ available: before.available, quarantined: before.quarantined });
  const followUps = await officer.get(`${BASE}/follow-ups`).expect(200);
  expect($(followUps.text)(`a[href="${BASE}/donations/${donationId}"]`)).toHaveLength(1);
  const empty = await submit(officer, `${BASE}/donations/${donationId}`, `${BASE}/donations/${donationId}/follow-up`, { note: '' });
  expect(empty.status).toBe(422);
  expect(messages(empty.text)).toContain('Write what was done');
  expect((await submit(officer, `${BASE}/donations/${donationId}`, `${BASE}/donations/${donationId}/follow-up`, { note: 'Called in, referred.' })).status).toBe(303);

  expect($((await officer.get(`${BASE}/follow-ups`)).text)(`a[href="${BASE}/donations/${donationId}"]`)).toHaveLength(0);
});

it('refuses an ineligible donor with clear reasons and writes nothing', async () => {
  const donorId = await walkIn({ dateOfBirth: '1955-01-01' });
  const refused = await donate(donorId, { weightKg: '45', haemoglobin: '11.9' });
  expect(refused.status).toBe(422);
  const text = messages(refused.text) + $(refused.text)('.field-error').text();
  expect(text).toContain('at least 50 kg');
  expect(text).toContain('12.5 g/dL');
  expect(text).toContain('65 or younger');
  expect(await listDonationsOfDonor(deps.db, donorId)).toEqual([]);
});

it('enforces the interval since the last whole-blood donation (90 days for men)', async () => {
  const donorId = await walkIn();
  expect((await donate(donorId, { collectedOn: DateTime.fromISO(today()).minus({ days: 60 }).toISODate()! })).status).toBe(303);

  const again = await donate(donorId);
  expect(again.status).toBe(422);
  expect(messages(again.text)).toMatch(/90 days must pass, so the donor may give again from \d{4}-\d{2}-\d{2}/);
  expect(await listDonationsOfDonor(deps.db, donorId)).toHaveLength(1);
});

it('refuses bad input with 4xx and writes nothing', async () => {
  const donorId = await walkIn();
  const taken = bag();
  expect((await donate(donorId, { bag1: taken, component2: '' })).status).toBe(303);

  const other = await walkIn();
  const duplicate = await donate(other, { bag2: taken });
  expect(duplicate.status).toBe(409);
  expect(messages(duplicate.text) + duplicate.text).toContain(`Bag number ${taken.toUpperCase()} is already on another lot.`);
  expect(await listDonationsOfDonor(deps.db, other)).toEqual([]);
  for (const fields of [{ bag1: '<script>' }, { units1: '0' }, { component1: 'blood' }, { collectedOn: '2026-02-31' }, { weightKg: 'heavy' }, { kind: 'gift' }] as Record<string, string>[]) {
    const response = await donate(other, fields);
    expect(response.status).toBe(422);
  }
  expect(await listDonationsOfDonor(deps.db, other)).toEqual([]);
  const phoneTaken = await submit(officer, `${BASE}/donors`, `${BASE}/donors`, { firstName: 'A', lastName: 'B', phone: (await getDonor(deps.db, other))!.phone, group: 'A+', dateOfBirth: '1990-01-01', sex: 'female' });
  expect(phoneTaken.status).toBe(409);
  expect((await officer.get(`${BASE}/donors/not-an-id`)).status).toBe(404);
  expect((await officer.get(`${BASE}/donations/${randomUUID()}`)).status).toBe(404);
});

it('finds a registered patient by e-mail, opens them as a donor, and audits reading their donations', async () => {
  const patient = await aPatient(deps, { bloodGroup: 'O-', gender: 'female', dateOfBirth: '1992-03-04' });
  const found = await officer.get(`${BASE}/donors?q=${encodeURIComponent(patient.email)}`).expect(200);
  expect($(found.text)('[data-testid=found-patient]').text()).toContain(patient.lastName);
  const opened = await submit(officer, `${BASE}/donors?q=${encodeURIComponent(patient.email)}`, `${BASE}/patients/${patient.id}/donor`, { group: '', sex: '', dateOfBirth: '' });
  expect(opened.headers.location).toBe(`${BASE}/donors/${patient.id}`);
  expect((await getDonor(deps.db, patient.id))).toMatchObject({ kind: 'patient', group: 'O-', sex: 'female' });
  const donationId = (await donate(patient.id)).headers.location.split('/').pop()!;
  await officer.get(`${BASE}/donations/${donationId}`).expect(200);
  const { events } = await queryEvents(deps.db, { by: 'patient', value: patient.id }, 20);
  expect(events.map((e) => `${e.action}:${e.resourceType}`)).toEqual(expect.arrayContaining(['search:blood-donor', 'view:blood-donation', 'create:blood-donation']));
});

it('asks for what a registered patient’s account lacks before opening them as a donor', async () => {
  const patient = await aPatient(deps, { gender: 'undisclosed', bloodGroup: undefined });
  const search = `${BASE}/donors?q=${encodeURIComponent(patient.email)}`;
  const refused = await submit(officer, search, `${BASE}/patients/${patient.id}/donor`, { group: '', sex: '', dateOfBirth: '' });
  expect(refused.status).toBe(422);
  expect($(refused.text)('[data-testid=found-patient] .field-error').text()).toContain('Enter the donor’s blood group');
  expect(await getDonor(deps.db, patient.id)).toBeUndefined();
  const opened = await submit(officer, search, `${BASE}/patients/${patient.id}/donor`, { group: 'A-', sex: 'male', dateOfBirth: '' });
  expect(opened.status).toBe(303);
  expect(await getDonor(deps.db, patient.id)).toMatchObject({ group: 'A-', sex: 'male', dateOfBirth: patient.dateOfBirth });
});
