/**
 * Requests through the officer's pages: an O− patient filled first-expiry-first-out from
 * compatible lots only, the officer's own choice, a refusal that lost a race, reservations and
 * their release job, and the donor's "your donation helped" (once per donation per day).
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { donorForPatient, recordDonation, recordScreening, registerWalkIn } from '../../../src/bloodbank/donations/service';
import { releaseDueReservations } from '../../../src/bloodbank/jobs';
import { issueUnits } from '../../../src/bloodbank/requests/issue';
import { getRequest } from '../../../src/bloodbank/requests/repository';
import { createRequest } from '../../../src/bloodbank/requests/service';
import { readStock } from '../../../src/bloodbank/stock/aggregate';
import { getLot, listLotsOfDonation } from '../../../src/bloodbank/stock/lots';
import { addLot } from '../../../src/bloodbank/stock/service';
import type { BloodGroup, Component } from '../../../src/bloodbank/types';
import { buildTestApp } from '../../helpers/app';
import { signedInAdmin } from '../../helpers/admin';
import { $, messages, submit, type Agent } from '../../helpers/http';
import { outboxItemsFor } from '../../helpers/outbox';
import { aPatient, uniquePhone } from '../../helpers/users';

const { app, deps } = buildTestApp();
const BASE = '/admin/blood-bank';
let officer: Agent;
beforeAll(async () => {
  officer = await signedInAdmin(app, deps);
});

const day = (n: number) => DateTime.now().setZone(deps.config.timeZone).plus({ days: n }).toISODate()!;
const lotOf = (group: BloodGroup, component: Component, units: number, expiresIn: number) =>
  addLot(deps, { group, component, units, bagNumber: `Q${randomUUID().slice(0, 8)}`, collectedOn: day(-1), expiresOn: day(expiresIn), status: 'available' });

async function requestFor(email: string, fields: Record<string, string>) {
  const form = `${BASE}/requests/new?q=${encodeURIComponent(email)}`;
  const page = await officer.get(form).expect(200);
  const patientId = $(page.text)('input[name=patientId]').val() as string;
  return submit(officer, form, `${BASE}/requests`, { patientId, units: '1', urgency: 'urgent', ...fields });
}
const idOf = (location: string) => location.split('/').pop()!;
const proposedOn = (html: string) => $(html)('[data-testid=proposed-lot]').map((_i, row) => ({ lot: $(html)(row).attr('data-lot'), reason: $(html)(row).find('[data-testid=reason]').text() })).get();

it('fills an O− patient’s request first-expiry-first-out from O− only, and issues it', async () => {
  const patient = await aPatient(deps, { bloodGroup: 'O-' });
  const [late, early, wrong] = [await lotOf('O-', 'red-cells', 2, 10), await lotOf('O-', 'red-cells', 1, 5), await lotOf('A+', 'red-cells', 4, 2)];
  const before = (await readStock(deps.db)).find((c) => c.group === 'O-' && c.component === 'red-cells')!;
  const made = await requestFor(patient.email, { group: 'O-', component: 'red-cells', units: '2' });
  expect(made.status).toBe(303);
  const requestId = idOf(made.headers.location);
  const page = await officer.get(`${BASE}/requests/${requestId}`).expect(200);
  expect(proposedOn(page.text)).toEqual([
    { lot: early.id, reason: 'Same group, expires first' },
    { lot: late.id, reason: `Same group, expires ${late.expiresOn}` },
  ]);
  expect(page.text).not.toContain(wrong.id);
  const issued = await submit(officer, `${BASE}/requests/${requestId}`, `${BASE}/requests/${requestId}/issue`, { lotId: early.id });
  expect(issued.status).toBe(303);
  // One lot ticked: it gives what it holds; then the rest from the next one.
  expect(await getRequest(deps.db, requestId)).toMatchObject({ remaining: 1, status: 'open' });
  const rest = await officer.post(`${BASE}/requests/${requestId}/issue`).type('form').send({ _csrf: $((await officer.get(`${BASE}/requests/${requestId}`)).text)('input[name=_csrf]').first().val(), lotId: late.id });
  expect(rest.status).toBe(303);
  expect(await getLot(deps.db, early.id)).toMatchObject({ units: 0, status: 'issued' });
  expect(await getLot(deps.db, late.id)).toMatchObject({ units: 1, status: 'available' });
  expect(await getRequest(deps.db, requestId)).toMatchObject({ remaining: 0, status: 'fulfilled' });
  expect((await readStock(deps.db)).find((c) => c.group === 'O-' && c.component === 'red-cells')!.available).toBe(before.available - 2);
  // Traceability: the request lists the bags it received, and each bag the request it went to.
  const done = $((await officer.get(`${BASE}/requests/${requestId}`).expect(200)).text);
  const given = done('[data-testid=request-issues] tbody tr').map((_i, row) => done(row).find('td').map((_j, td) => done(td).text().trim()).get().slice(0, 4).join(' ')).get();
  expect(given).toEqual([`${early.bagNumber} O− Packed red cells 1`, `${late.bagNumber} O− Packed red cells 1`]);
  const lotPage = $((await officer.get(`${BASE}/lots/${late.id}`).expect(200)).text);
  expect(lotPage('[data-testid=lot-issues] a').attr('href')).toBe(`${BASE}/requests/${requestId}`);
});

it('lets the officer pick another compatible lot, and refuses an issue that lost a race with a clear message', async () => {
  const patient = await aPatient(deps, { bloodGroup: 'B+' });
  const [same, other] = [await lotOf('B+', 'platelets', 1, 3), await lotOf('O+', 'platelets', 1, 1)];
  const requestId = idOf((await requestFor(patient.email, { group: 'B+', component: 'platelets' })).headers.location);
  const page = await officer.get(`${BASE}/requests/${requestId}`).expect(200);
  expect(proposedOn(page.text)[0]).toEqual({ lot: same.id, reason: 'Same group, expires first' });
  expect($(page.text)(`[data-testid=other-lot][data-lot="${other.id}"]`)).toHaveLength(1);
  expect((await submit(officer, `${BASE}/requests/${requestId}`, `${BASE}/requests/${requestId}/issue`, { lotId: other.id })).status).toBe(303);
  expect(await getLot(deps.db, other.id)).toMatchObject({ units: 0, status: 'issued' });
  expect(await getLot(deps.db, same.id)).toMatchObject({ units: 1, status: 'available' });

  // Another officer empties the lot between this page and its submit.
  const second = idOf((await requestFor(patient.email, { group: 'B+', component: 'platelets' })).headers.location);
  const csrf = $((await officer.get(`${BASE}/requests/${second}`)).text)('input[name=_csrf]').first().val() as string;
  const rival = await createRequest(deps, 'rival', { patientId: patient.id, group: 'B+', component: 'platelets', units: 1, urgency: 'urgent' });
  await issueUnits(deps, rival.id, [{ lotId: same.id, units: 1 }], { by: 'officer' });
  const lost = await officer.post(`${BASE}/requests/${second}/issue`).type('form').send({ _csrf: csrf, lotId: same.id });
  expect([409, 422]).toContain(lost.status);
  expect(messages(lost.text)).toMatch(/Lot Q\w+ (has no units left|is issued, not available|has only 0 units|no longer has)/);
  expect(await getRequest(deps.db, second)).toMatchObject({ remaining: 1, status: 'open' });
});

it('tells the donor their donation helped, once per donation per day, with no details', async () => {
  const donorPatient = await aPatient(deps, { bloodGroup: 'AB-', gender: 'male', dateOfBirth: '1985-02-02' });
  await donorForPatient(deps, donorPatient.id);
  const donation = await recordDonation(deps, { id: 'officer' }, donorPatient.id, { kind: 'whole-blood', collectedOn: day(0), weightKg: 70, haemoglobin: 14, lots: [{ component: 'whole-blood', units: 3, bagNumber: `H${randomUUID().slice(0, 8)}` }] });
  await recordScreening(deps, donation.id, { hiv: 'negative', hbv: 'negative', hcv: 'negative', syphilis: 'negative', malaria: 'negative' });
  const [lot] = await listLotsOfDonation(deps.db, donation.id);
  const recipient = await aPatient(deps);
  for (let i = 0; i < 2; i++) {
    const request = await createRequest(deps, 'officer', { patientId: recipient.id, group: 'AB+', component: 'whole-blood', units: 1, urgency: 'routine' });
    await issueUnits(deps, request.id, [{ lotId: lot.id, units: 1 }], { by: 'officer' });
  }
  const told = await outboxItemsFor(deps.db, donorPatient.id, 'bloodbank.donation-helped');
  expect(told).toHaveLength(1);
  expect(told[0].inbox).toEqual({ title: 'Your donation helped a patient today', body: 'Thank you: blood you gave helped a patient today.', link: '/' });
  expect(told[0].email?.template).toBe('donation-helped');
  const words = [told[0].inbox?.title, told[0].inbox?.body, told[0].sms?.text, told[0].email?.subject, JSON.stringify(told[0].email?.data)].join(' ');
  for (const detail of ['AB', 'whole', lot.bagNumber, recipient.id, recipient.email]) expect(words).not.toContain(detail);

  const walkIn = await registerWalkIn(deps, { firstName: 'Asha', lastName: 'Rao', phone: uniquePhone(), group: 'AB-', dateOfBirth: '1990-01-01', sex: 'female' });
  const given = await recordDonation(deps, { id: 'officer' }, walkIn.id, { kind: 'apheresis', collectedOn: day(0), weightKg: 60, haemoglobin: 13, lots: [{ component: 'plasma', units: 1, bagNumber: `W${randomUUID().slice(0, 8)}` }] });
  await recordScreening(deps, given.id, { hiv: 'negative', hbv: 'negative', hcv: 'negative', syphilis: 'negative', malaria: 'negative' });
  const [plasma] = await listLotsOfDonation(deps.db, given.id);
  const request = await createRequest(deps, 'officer', { patientId: recipient.id, group: 'AB-', component: 'plasma', units: 1, urgency: 'routine' });
  await issueUnits(deps, request.id, [{ lotId: plasma.id, units: 1 }], { by: 'officer' });
  const texted = await outboxItemsFor(deps.db, `walk-in:${walkIn.id}`, 'bloodbank.donation-helped');
  expect(texted).toHaveLength(1);
  expect(texted[0]).toMatchObject({ sms: { to: walkIn.phone } });
  expect(texted[0].inbox).toBeUndefined();
  expect(texted[0].email).toBeUndefined();
});

it('reserves lots for a procedure until a deadline, and the job releases them when unused', async () => {
  const patient = await aPatient(deps, { bloodGroup: 'A-' });
  const lot = await lotOf('A-', 'whole-blood', 2, 20);
  const requestId = idOf((await requestFor(patient.email, { group: 'A-', component: 'whole-blood', units: '2', forProcedure: 'Hip replacement', procedureOn: day(1) })).headers.location);
  const past = await submit(officer, `${BASE}/requests/${requestId}`, `${BASE}/requests/${requestId}/reserve`, { releaseBy: '2020-01-01T10:00' });
  expect(past.status).toBe(422);
  expect(messages(past.text)).toContain('must be in the future');
  expect(await getLot(deps.db, lot.id)).toMatchObject({ status: 'available' });
  const releaseBy = DateTime.now().setZone(deps.config.timeZone).plus({ hours: 2 }).toFormat("yyyy-MM-dd'T'HH:mm");
  expect((await submit(officer, `${BASE}/requests/${requestId}`, `${BASE}/requests/${requestId}/reserve`, { releaseBy })).status).toBe(303);
  expect(await getLot(deps.db, lot.id)).toMatchObject({ status: 'reserved', reservedFor: requestId });
  const cell = () => readStock(deps.db).then((s) => s.find((c) => c.group === 'A-' && c.component === 'whole-blood')!);
  expect(await cell()).toMatchObject({ reserved: 2 });
  expect(await releaseDueReservations(deps, new Date(Date.now() + 60 * 60_000))).toEqual({ released: 0 });
  expect((await releaseDueReservations(deps, new Date(Date.now() + 3 * 60 * 60_000))).released).toBeGreaterThanOrEqual(1);
  expect(await getLot(deps.db, lot.id)).toMatchObject({ status: 'available' });
  expect(await cell()).toMatchObject({ reserved: 0 });
});

it('refuses a bad request form with 422 and makes no request; cancels an open one', async () => {
  const patient = await aPatient(deps);
  for (const fields of [{ group: 'O-', component: 'red-cells', units: '0' }, { group: 'Z+', component: 'red-cells' }, { group: 'O-', component: 'blood' }, { group: 'O-', component: 'plasma', procedureOn: '2026-13-01' }] as Record<string, string>[]) {
    const response = await requestFor(patient.email, fields);
    expect(response.status).toBe(422);
    expect(response.headers.location).toBeUndefined();
  }
  const forged = await submit(officer, `${BASE}/requests/new`, `${BASE}/requests`, { patientId: randomUUID(), group: 'O-', component: 'plasma', units: '1', urgency: 'routine' });
  expect(forged.status).toBe(422);
  const requestId = idOf((await requestFor(patient.email, { group: 'O+', component: 'cryo' })).headers.location);
  expect((await submit(officer, `${BASE}/requests/${requestId}`, `${BASE}/requests/${requestId}/cancel`, {})).status).toBe(303);
  expect(await getRequest(deps.db, requestId)).toMatchObject({ status: 'cancelled' });
  expect((await submit(officer, `${BASE}/requests?status=cancelled`, `${BASE}/requests/${requestId}/cancel`, {})).status).toBe(422);
  expect((await officer.get(`${BASE}/requests/${randomUUID()}`)).status).toBe(404);
});
