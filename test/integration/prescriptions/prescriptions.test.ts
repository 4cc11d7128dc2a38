/**
 * Prescriptions from a completed visit: the PDF the patient and the doctor download (its text and
 * its QR code), the pharmacist's verify page (signature, rotation, revoked, expired, dispensed),
 * the one-time dispense code (wrong, rate-limited, right once), and revoking with the patient told.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { savePlan } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { createHospital, createSpecialty } from '../../../src/directory';
import { createPrescription, getPrescription } from '../../../src/prescriptions/repository';
import { printedParts } from '../../../src/prescriptions/service';
import { queryEvents } from '../../../src/audit';
import type { Prescription } from '../../../src/prescriptions/types';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit } from '../../helpers/http';
import { outboxItemsFor } from '../../helpers/outbox';
import { pdfText, qrCodesOf } from '../../helpers/pdf';
import { aDoctor, aPatient } from '../../helpers/users';

const OLD_KEY = 'old:old-prescription-key-for-tests-0123456789abcdef';
const NEW_KEY = 'new:new-prescription-key-for-tests-0123456789abcdef';
const { app, deps } = buildTestApp({ MEDTRACK_PRESCRIPTION_KEYS: OLD_KEY });
const zone = 'Asia/Kolkata';
const MEDICINES = [
  { drug: 'Amoxicillin', dose: '500 mg', frequency: 'three times a day', duration: '7 days', instructions: 'After food' },
  { drug: 'Cetirizine', dose: '10 mg', frequency: 'once at night', duration: '5 days' },
];

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** A completed visit with two medicines, at a hospital of its own, and its prescription's id. */
async function aCompletedVisit() {
  const tag = randomUUID().slice(0, 8);
  const hospitalId = `hosp-${tag}`;
  await createHospital(deps.db, { id: hospitalId, name: `Hospital ${tag}`, city: 'Pune', address: '1 Test Road', phone: '+912000000000' });
  await createSpecialty(deps.db, { slug: `rx-${tag}`, name: `Rx ${tag}`, description: 'A specialty for prescription tests' });
  const doctor = await aDoctor(deps, { doctor: { specialty: `rx-${tag}`, hospitalId, qualifications: 'MBBS', yearsOfExperience: 9, consultationFee: 500, approval: 'approved', registrationNumber: `MMC/2015/${tag}` } });
  const date = DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()!;
  await savePlan(deps.db, doctor.id, { slotMinutes: 20, days: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '09:00', end: '12:00' }]])) }, 0);
  const patient = await aPatient(deps, { firstName: 'Meera', lastName: `Iyer${tag.replace(/\d/g, '')}`, dateOfBirth: '1988-04-12' });
  const start = DateTime.fromISO(`${date}T09:00`, { zone }).toUTC().toISO()!;
  const booked = await bookAppointment(deps, { patient, doctorId: doctor.id, start, reason: 'Sore throat', idempotencyKey: randomUUID() });
  if (booked.kind !== 'booked') throw new Error(booked.kind);
  await advanceVisit(deps, doctor, booked.appointment.id, 'start', undefined, new Date(start));
  await advanceVisit(deps, doctor, booked.appointment.id, 'complete', { diagnosis: 'Pharyngitis', prescription: MEDICINES }, new Date(start));
  return { doctor, patient, hospitalId, appointmentId: booked.appointment.id };
}

async function issued(visit: Awaited<ReturnType<typeof aCompletedVisit>>) {
  const agent = await signIn(app, visit.patient.email);
  const open = await agent.get(`/appointments/${visit.appointmentId}/prescription`);
  expect(open.status).toBe(303);
  const id = /^\/prescriptions\/([0-9a-f-]{36})$/.exec(open.headers.location)![1];
  const pdf = (await agent.get(`/prescriptions/${id}.pdf`).buffer(true).parse(binary)).body as Buffer;
  const text = await pdfText(pdf);
  // The printed link wraps across lines; the signature is "<key id>.<43 base64url characters>".
  const verifyUrl = /^\S*?\?sig=[a-z0-9-]+\.[A-Za-z0-9_-]{43}/.exec(text.slice(text.indexOf('or open ') + 'or open '.length).replace(/\s+/g, ''))![0];
  const code = /\b([A-Z2-9]{4})-([A-Z2-9]{4})\b/.exec(text)!.slice(1).join('');
  return { agent, id, pdf, text, verifyUrl, verifyPath: verifyUrl.replace(deps.config.publicUrl, ''), code };
}

const verifyState = (html: string) => $(html)('[data-testid=verify-state]').attr('data-state');

describe('the prescription of a completed visit', () => {
  it('is issued once, and its PDF names the patient, the doctor and the medicines, with a QR code that verifies', async () => {
    const visit = await aCompletedVisit();
    const { agent, id, pdf, text, verifyUrl, verifyPath } = await issued(visit);
    expect((await agent.get(`/appointments/${visit.appointmentId}/prescription`)).headers.location).toBe(`/prescriptions/${id}`);
    const visitPage = $((await agent.get(`/appointments/${visit.appointmentId}`)).text);
    expect(visitPage('[data-testid=open-prescription]').attr('href')).toBe(`/appointments/${visit.appointmentId}/prescription`);

    const download = await agent.get(`/prescriptions/${id}.pdf`);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="prescription-[0-9a-f]{8}\.pdf"$/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    for (const expected of [visit.patient.firstName, visit.patient.lastName, `Dr ${visit.doctor.firstName} ${visit.doctor.lastName}`, `MMC/2015/`, 'Amoxicillin', 'three times a day', 'Cetirizine', `Hospital ${visit.hospitalId.slice(5)}`, 'Valid until']) {
      expect(text).toContain(expected);
    }
    expect(verifyUrl).toMatch(new RegExp(`^http://medtrack\\.test/verify/prescriptions/${id}\\?sig=old\\.[A-Za-z0-9_-]{43}$`));
    expect(qrCodesOf(pdf)).toEqual([verifyUrl]);

    const page = await request(app).get(verifyPath);
    expect(page.status).toBe(200);
    expect(verifyState(page.text)).toBe('valid');
    const shown = $(page.text)('main').text();
    expect($(page.text)('[data-testid=verify-patient]').text()).toBe(`M. ${visit.patient.lastName[0]}., born 1988`);
    expect(shown).toContain('Amoxicillin');
    expect(shown).not.toContain(visit.patient.lastName);
    expect(shown).not.toContain('Pharyngitis');

    const doctor = await signIn(app, visit.doctor.email);
    expect((await doctor.get(`/prescriptions/${id}.pdf`)).status).toBe(200);
  });

  it('is missing for another patient and for a doctor who did not issue it', async () => {
    const visit = await aCompletedVisit();
    const { id } = await issued(visit);
    const strangers = [await signIn(app, (await aPatient(deps)).email), await signIn(app, (await aDoctor(deps)).email)];
    for (const stranger of strangers) {
      for (const path of [`/prescriptions/${id}.pdf`, `/prescriptions/${id}`, `/appointments/${visit.appointmentId}/prescription`, `/prescriptions/${randomUUID()}.pdf`]) {
        expect([path, (await stranger.get(path)).status]).toEqual([path, 404]);
      }
    }
  });
});

describe('the verify page', () => {
  it('gives the same answer to a tampered signature, an altered record and an id that does not exist', async () => {
    const visit = await aCompletedVisit();
    const { verifyPath, id } = await issued(visit);
    const flipped = verifyPath.replace(/sig=old\.(.)/, (_m, c: string) => `sig=old.${c === 'A' ? 'B' : 'A'}`);
    const answers = [flipped, verifyPath.replace(id, randomUUID()), verifyPath.replace('sig=old.', 'sig=other.'), `/verify/prescriptions/${id}`];
    const bodies = [];
    for (const path of answers) {
      const page = await request(app).get(path);
      expect([path, page.status, verifyState(page.text)]).toEqual([path, 404, 'invalid']);
      bodies.push($(page.text)('main').text());
    }
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).not.toContain('Amoxicillin');

    const stored = (await getPrescription(deps.db, id))!;
    const altered: Prescription = { ...stored, id: randomUUID(), appointmentId: randomUUID(), lines: [{ ...stored.lines[0], dose: '5000 mg' }] };
    await createPrescription(deps.db, altered);
    expect(verifyState((await request(app).get(verifyPath.replaceAll(id, altered.id))).text)).toBe('invalid');
  });

  it('still verifies links signed with an older key after a rotation, and not once that key is dropped', async () => {
    const { verifyPath } = await issued(await aCompletedVisit());
    const rotated = buildTestApp({ MEDTRACK_PRESCRIPTION_KEYS: `${NEW_KEY},${OLD_KEY}` });
    expect(verifyState((await request(rotated.app).get(verifyPath)).text)).toBe('valid');
    const dropped = buildTestApp({ MEDTRACK_PRESCRIPTION_KEYS: NEW_KEY });
    expect(verifyState((await request(dropped.app).get(verifyPath)).text)).toBe('invalid');
  });

  it('says when a prescription has expired, and offers no dispensing', async () => {
    const { id, agent } = await issued(await aCompletedVisit());
    const stored = (await getPrescription(deps.db, id))!;
    const old: Prescription = { ...stored, id: randomUUID(), appointmentId: randomUUID(), issuedAt: DateTime.now().minus({ days: 31 }).toUTC().toISO()! };
    await createPrescription(deps.db, old);
    const page = await request(app).get(printedParts(deps, old).verifyUrl.replace(deps.config.publicUrl, ''));
    expect(page.status).toBe(200);
    expect(verifyState(page.text)).toBe('expired');
    expect($(page.text)('[data-testid=verify-explain]').text()).toContain('past its validity');
    expect($(page.text)('form[action$="/dispense"]')).toHaveLength(0);
    // The patient's own page says so too, not "can be dispensed".
    const own = $((await agent.get(`/prescriptions/${old.id}`).expect(200)).text);
    expect(own('[data-testid=prescription-status]').attr('data-state')).toBe('expired');
    const longer = buildTestApp({ MEDTRACK_PRESCRIPTION_KEYS: OLD_KEY, MEDTRACK_PRESCRIPTION_VALID_DAYS: '60' });
    expect(verifyState((await request(longer.app).get(printedParts(deps, old).verifyUrl.replace(deps.config.publicUrl, ''))).text)).toBe('valid');
  });
});

describe('dispensing with the one-time code', () => {
  it('refuses a wrong code, accepts the printed one once, and then shows the prescription as dispensed', async () => {
    const { verifyPath, id, code } = await issued(await aCompletedVisit());
    const pharmacy = request.agent(app);
    const action = `/verify/prescriptions/${id}/dispense`;
    const sig = decodeURIComponent(verifyPath.split('sig=')[1]);
    expect((await pharmacy.post(action).type('form').send({ sig, code })).status).toBe(403);

    const wrong = await submit(pharmacy, verifyPath, action, { sig, code: 'AAAA-AAAA' });
    expect(wrong.status).toBe(422);
    expect(messages(wrong.text)).toContain('That code does not match');
    expect(verifyState(wrong.text)).toBe('valid');

    const right = await submit(pharmacy, verifyPath, action, { sig, code: `${code.slice(0, 4)}-${code.slice(4).toLowerCase()}` });
    expect(right.status).toBe(200);
    expect(verifyState(right.text)).toBe('dispensed');
    // The pharmacist who typed the code is told it worked; anyone checking later, that it is already done.
    expect($(right.text)('[data-testid=verify-state]').text()).toBe('Marked as dispensed');
    const after = await request(app).get(verifyPath);
    expect(verifyState(after.text)).toBe('dispensed');
    expect($(after.text)('form[action$="/dispense"]')).toHaveLength(0);
    const again = await pharmacy.post(action).type('form').send({ sig, code, _csrf: $(wrong.text)('input[name=_csrf]').val() as string });
    expect([again.status, verifyState(again.text)]).toEqual([409, 'dispensed']);
    expect($(again.text)('[data-testid=verify-state]').text()).toBe('Already dispensed');
    expect((await getPrescription(deps.db, id))!.status).toBe('dispensed');
  });

  it('stops guessing after five wrong codes for one prescription, even the right code', async () => {
    const { verifyPath, id, code } = await issued(await aCompletedVisit());
    const pharmacy = request.agent(app);
    const action = `/verify/prescriptions/${id}/dispense`;
    const sig = decodeURIComponent(verifyPath.split('sig=')[1]);
    for (let i = 0; i < 5; i++) expect((await submit(pharmacy, verifyPath, action, { sig, code: `WRNG${i}XYZ` })).status).toBe(422);
    const limited = await submit(pharmacy, verifyPath, action, { sig, code });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await getPrescription(deps.db, id))!.status).toBe('active');
  });
});

describe('revoking', () => {
  it('lets the prescribing doctor revoke with a reason; the patient is told without medicine names and pharmacies see it revoked', async () => {
    const visit = await aCompletedVisit();
    const { id, verifyPath } = await issued(visit);
    const page = `/prescriptions/${id}`;
    const doctor = await signIn(app, visit.doctor.email);
    const empty = await submit(doctor, page, `${page}/revoke`, { reason: '' });
    expect(empty.status).toBe(422);
    expect($(empty.text)('#f-reason-error').text()).toBe('Say why the prescription is revoked');

    const other = await signIn(app, (await aDoctor(deps)).email);
    expect((await submit(other, '/doctor/schedule', `${page}/revoke`, { reason: 'Not mine' })).status).toBe(404);
    const patient = await signIn(app, visit.patient.email);
    expect((await submit(patient, page, `${page}/revoke`, { reason: 'Mine' })).status).toBe(403);
    expect((await getPrescription(deps.db, id))!.status).toBe('active');

    expect((await submit(doctor, page, `${page}/revoke`, { reason: 'Dose to be changed after the blood test' })).status).toBe(303);
    const seen = $((await patient.get(page)).text);
    expect(seen('[data-testid=prescription-status]').text()).toBe('Revoked');
    expect(seen('[data-testid=revocation-reason]').text()).toBe('Dose to be changed after the blood test');
    expect(verifyState((await request(app).get(verifyPath)).text)).toBe('revoked');

    const [notice] = await outboxItemsFor(deps.db, visit.patient.id, 'prescription.revoked');
    expect(notice.inbox?.link).toBe(page);
    expect(JSON.stringify(notice)).not.toMatch(/Amoxicillin|Cetirizine|blood test|Pharyngitis/);
    expect((await submit(doctor, '/doctor/schedule', `${page}/revoke`, { reason: 'again' })).status).toBe(409);
  });
});

describe('the audit of a prescription', () => {
  const eventsOf = async (patientId: string) => (await queryEvents(deps.db, { by: 'patient', value: patientId }, 50)).events;

  it('records each look by the patient, the doctor, a stranger and a pharmacy, and the dispensing, with no medicine in it', async () => {
    const visit = await aCompletedVisit();
    const { agent, id, verifyPath, code } = await issued(visit);
    await (await signIn(app, visit.doctor.email)).get(`/prescriptions/${id}`).expect(200);
    const stranger = await aDoctor(deps);
    await (await signIn(app, stranger.email)).get(`/prescriptions/${id}`).expect(404);
    await agent.get(`/prescriptions/${id}`).expect(200);
    await request(app).get(verifyPath.replace(/sig=[^&]+/, 'sig=new.AAAA')).expect(404);
    const sig = decodeURIComponent(verifyPath.split('sig=')[1]);
    expect((await submit(request.agent(app), verifyPath, `/verify/prescriptions/${id}/dispense`, { sig, code })).status).toBe(200);

    const seen = (await eventsOf(visit.patient.id)).map((e) => `${e.actorRole}:${e.action}:${e.outcome}`);
    expect(seen.reverse()).toEqual([
      'patient:view:allowed', // the visit's link, which issues it
      'patient:download:allowed',
      'doctor:view:allowed',
      'patient:view:allowed',
      'public:verify:denied',
      'public:verify:allowed',
      'public:dispense:allowed',
    ]);
    // A refusal does not tell the stranger whose it is, and is kept on the stranger's own trail.
    const tried = (await queryEvents(deps.db, { by: 'actor', value: stranger.id }, 5)).events;
    expect(tried.map((e) => [e.resourceId, e.outcome])).toEqual([[id, 'denied']]);
    const stored = JSON.stringify(await eventsOf(visit.patient.id));
    for (const medicine of MEDICINES) expect(stored).not.toContain(medicine.drug);
    const accessPage = $((await agent.get('/account/record-access').expect(200)).text);
    expect(accessPage('[data-testid=record-access]').first().text()).toContain('Dispensed a prescription');
  });
});
