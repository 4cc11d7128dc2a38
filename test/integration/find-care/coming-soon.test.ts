/**
 * A hospital or specialty none of whose doctors is approved and active is "coming soon": it is
 * listed as such, never ranked, never offered for booking, and a booking crafted for it is refused.
 * Whether it has such a doctor follows the doctors' approval and deactivation with no counter to
 * keep in step: it is read from the users' indexes.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { createHospital, createSpecialty } from '../../../src/directory';
import { signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { NINE_TO_FIVE } from '../../helpers/appointments';
import { ensureCityGeneralCardiology, uniqueLetters } from '../../helpers/accounts';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = deps.config.timeZone;
const date = DateTime.now().setZone(zone).plus({ days: 5 }).toISODate()!;
let admin: Agent;

beforeAll(async () => {
  await ensureCityGeneralCardiology(deps);
  admin = await signedInAdmin(app, deps);
});

async function aNewSpecialty() {
  const slug = `soon-${randomUUID().slice(0, 8)}`;
  const name = `Soon ${uniqueLetters()}`;
  await createSpecialty(deps.db, { slug, name, description: 'A specialty for one test' });
  return { slug, name };
}

async function aNewHospital() {
  const id = `hosp-${randomUUID().slice(0, 8)}`;
  const name = `Hospital ${uniqueLetters()}`;
  await createHospital(deps.db, { id, name, city: 'Pune', address: '3 River Road, Pune', phone: '+912026123456' });
  return { id, name };
}

const doctorOf = (specialty: string, hospitalId: string, approval: 'pending' | 'approved') =>
  aDoctor(deps, { doctor: { specialty, hospitalId, qualifications: 'MBBS', yearsOfExperience: 4, consultationFee: 500, approval } });

async function hospitalsPage() {
  const page = $((await request(app).get('/hospitals')).text);
  const names = (selector: string) => page(selector).map((_i, el) => page(el).find('h2, h3').first().text()).get();
  return { ranked: names('[data-testid=hospital]'), soon: names('[data-testid=hospital-coming-soon]'), page };
}

describe('a specialty with no doctor to book', () => {
  it('says "coming soon" on the doctors page and in the booking list, and offers no times', async () => {
    const { slug, name } = await aNewSpecialty();
    await doctorOf(slug, 'city-general', 'pending');
    // A specialty with an approved doctor, made here: the run may hold no other bookable one yet.
    const open = await aNewSpecialty();
    await doctorOf(open.slug, 'city-general', 'approved');
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);

    const directory = $((await request(app).get(`/doctors?specialty=${slug}`)).text);
    expect(directory('[data-testid=coming-soon]').text()).toBe(`Coming soon. ${name} does not take online appointments yet. Try another specialty or hospital.`);
    expect(directory('[data-testid=doctor-card]')).toHaveLength(0);

    const booking = $((await agent.get(`/appointments/new?specialty=${slug}&date=${date}`)).text);
    const option = booking(`#f-specialty option[value="${slug}"]`);
    expect(option.text()).toBe(`${name} (coming soon)`);
    expect(option.is('[disabled]')).toBe(true);
    const openOption = booking(`#f-specialty option[value="${open.slug}"]`);
    expect([openOption.text(), openOption.is('[disabled]')]).toEqual([open.name, false]);
    expect(booking('[data-testid=coming-soon]').text()).toContain('Coming soon.');
    expect(booking('input[name=start]')).toHaveLength(0);
    expect(booking('form[action="/waitlist"]')).toHaveLength(0);
  });

  it('refuses a booking crafted for it with 422 and says why, booking nothing', async () => {
    const { slug } = await aNewSpecialty();
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const start = DateTime.fromISO(`${date}T10:00`, { zone }).toUTC().toISO()!;

    const response = await submit(agent, '/appointments/new', '/appointments', { specialty: slug, doctorId: '', date, start, reason: 'Crafted by hand', idempotencyKey: randomUUID() });

    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain('This specialty is coming soon: no doctor takes online appointments yet. Choose another specialty.');
    expect($((await agent.get('/appointments')).text)('[data-testid=appointment]')).toHaveLength(0);
  });

  it('opens once an admin approves its first doctor, and is coming soon again when that doctor is deactivated', async () => {
    const { slug, name } = await aNewSpecialty();
    const doctor = await doctorOf(slug, 'city-general', 'pending');
    await savePlan(deps.db, doctor.id, NINE_TO_FIVE, 0);

    expect((await submit(admin, '/admin/doctors', `/admin/doctors/${doctor.id}/approve`, {})).status).toBe(303);
    const open = $((await request(app).get(`/doctors?specialty=${slug}`)).text);
    expect(open('[data-testid=coming-soon]')).toHaveLength(0);
    expect(open('[data-testid=doctor-card]')).toHaveLength(1);

    expect((await submit(admin, '/admin/users?role=doctor', `/admin/users/${doctor.id}/deactivate`, {})).status).toBe(303);
    const closed = $((await request(app).get(`/doctors?specialty=${slug}`)).text);
    expect(closed('[data-testid=coming-soon]').text()).toContain(name);
  });
});

describe('a hospital with no doctor to book', () => {
  it('is listed as coming soon, not ranked, until a doctor there is approved', async () => {
    const hospital = await aNewHospital();
    const doctor = await doctorOf('cardiology', hospital.id, 'pending');

    const before = await hospitalsPage();
    expect(before.ranked).not.toContain(hospital.name);
    expect(before.soon).toContain(hospital.name);
    const directory = $((await request(app).get(`/doctors?hospital=${hospital.id}`)).text);
    expect(directory('[data-testid=coming-soon]').text()).toContain(`${hospital.name} does not take online appointments yet.`);

    expect((await submit(admin, '/admin/doctors', `/admin/doctors/${doctor.id}/approve`, {})).status).toBe(303);
    const after = await hospitalsPage();
    expect(after.ranked).toContain(hospital.name);
    expect(after.soon).not.toContain(hospital.name);
  });

  it('shows its phone number formatted for reading', async () => {
    const hospital = await aNewHospital();
    const { page } = await hospitalsPage();
    const card = page('[data-testid=hospital-coming-soon]').filter((_i, el) => page(el).find('h3').text() === hospital.name);
    expect(card.find('.muted').text()).toContain('+91 20 2612 3456');
  });
});
