import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { createHospital, createSpecialty } from '../../../src/directory';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = 'Asia/Kolkata';
const date = DateTime.now().setZone(zone).plus({ days: 3 }).toISODate()!;

/** A hospital and specialty of their own, one doctor, and `visits` completed visits by new patients. */
async function aDoctorWithCompletedVisits(visits: number) {
  const tag = randomUUID().slice(0, 8);
  const hospitalId = `hosp-${tag}`;
  await createHospital(deps.db, { id: hospitalId, name: `Hospital ${tag}`, city: 'Pune', address: '1 Test Road, Pune', phone: '+912000000000' });
  await createSpecialty(deps.db, { slug: `rate-${tag}`, name: `Rating ${tag}`, description: 'A specialty for rating tests' });
  const doctor = await aDoctor(deps, { doctor: { specialty: `rate-${tag}`, hospitalId, qualifications: 'MBBS', yearsOfExperience: 12, consultationFee: 800, approval: 'approved' } });
  // Every day but today, so the next free time is tomorrow's 09:00 whatever the hour the test runs
  // (working today, it would be a later slot today during the morning in Kolkata).
  const workingDays = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== DateTime.now().setZone(zone).weekday);
  await savePlan(deps.db, doctor.id, { slotMinutes: 20, days: Object.fromEntries(workingDays.map((d) => [d, [{ start: '09:00', end: '12:00' }]])) }, 0);
  const completed = [];
  for (let i = 0; i < visits; i++) {
    const patient = await aPatient(deps);
    const start = DateTime.fromISO(`${date}T09:00`, { zone }).plus({ minutes: 20 * i }).toUTC().toISO()!;
    const booked = await bookAppointment(deps, { patient, doctorId: doctor.id, start, reason: 'Annual check-up', idempotencyKey: randomUUID() });
    if (booked.kind !== 'booked') throw new Error(booked.kind);
    // Run as it happens: at the visit's start, once check-in is open.
    await advanceVisit(deps, doctor, booked.appointment.id, 'start', undefined, new Date(start));
    await advanceVisit(deps, doctor, booked.appointment.id, 'complete', { diagnosis: 'Healthy', prescription: [] }, new Date(start));
    completed.push({ patient, appointment: booked.appointment });
  }
  return { doctor, hospitalId, specialty: `rate-${tag}`, completed };
}

describe('rating a completed visit', () => {
  it('records the stars once, and the doctor and hospital averages follow', async () => {
    const { doctor, hospitalId, completed } = await aDoctorWithCompletedVisits(2);
    for (const [i, stars] of [5, 4].entries()) {
      const { patient, appointment } = completed[i];
      const agent = await signIn(app, patient.email);
      const path = `/appointments/${appointment.id}`;
      expect((await submit(agent, path, `${path}/rate`, { stars, comment: 'Kind and thorough' })).status).toBe(303);
      expect($((await agent.get(path)).text)('[data-testid=rating]').text()).toBe(`${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} “Kind and thorough”`);
    }

    const directory = $((await request(app).get(`/doctors?hospital=${hospitalId}`)).text);
    const card = directory('[data-testid=doctor-card]');
    expect(card).toHaveLength(1);
    expect(card.find('h2').text()).toBe(`Dr ${doctor.firstName} ${doctor.lastName}`);
    expect(card.find('.rating').text().replace(/\s+/g, ' ')).toBe('★★★★★ 4.5 (2)');
    const hospitals = $((await request(app).get('/hospitals')).text);
    const mine = hospitals('[data-testid=hospital]').filter((_i, el) => hospitals(el).find('h2').text() === `Hospital ${hospitalId.slice(5)}`);
    expect(mine.find('.rating strong').text()).toBe('4.5');
  });

  it('refuses a second rating, a rating of an unfinished visit and stars out of range', async () => {
    const { completed, doctor } = await aDoctorWithCompletedVisits(1);
    const { patient, appointment } = completed[0];
    const agent = await signIn(app, patient.email);
    const path = `/appointments/${appointment.id}`;

    const outOfRange = await submit(agent, path, `${path}/rate`, { stars: 6 });
    expect(outOfRange.status).toBe(422);
    expect($(outOfRange.text)('#stars-error').text()).toBe('Choose from 1 to 5 stars');
    expect((await submit(agent, path, `${path}/rate`, { stars: 3 })).status).toBe(303);
    const again = await submit(agent, path, `${path}/rate`, { stars: 1 });
    expect(again.status).toBe(409);
    expect(messages(again.text)).toContain('already rated');

    const other = await aPatient(deps);
    const upcoming = await bookAppointment(deps, { patient: other, doctorId: doctor.id, start: DateTime.fromISO(`${date}T11:00`, { zone }).toUTC().toISO()!, reason: 'Check-up', idempotencyKey: randomUUID() });
    const otherAgent = await signIn(app, other.email);
    const upcomingPath = `/appointments/${(upcoming as { appointment: { id: string } }).appointment.id}`;
    expect((await submit(otherAgent, upcomingPath, `${upcomingPath}/rate`, { stars: 5 })).status).toBe(409);
    expect((await submit(otherAgent, upcomingPath, `${path}/rate`, { stars: 5 })).status).toBe(404);
  });
});

describe('finding care', () => {
  it('filters doctors by specialty and hospital and shows the next free time', async () => {
    const { doctor, specialty } = await aDoctorWithCompletedVisits(0);
    const page = $((await request(app).get(`/doctors?specialty=${specialty}`)).text);
    expect(page('[data-testid=doctor-card]')).toHaveLength(1);
    expect(page('[data-testid=doctor-card] .muted').first().text()).toContain(`Rating ${specialty.slice(5)}`);
    expect(page('[data-testid=next-free]').text()).toMatch(/, 09:00$/);
    expect(page('[data-testid=doctor-card] a.button').attr('href')).toMatch(new RegExp(`^/appointments/new\\?doctorId=${doctor.id}&date=\\d{4}-\\d{2}-\\d{2}$`));
    expect(page('[data-testid=doctor-card] .muted').filter((_i, el) => page(el).text() === 'Not rated yet')).toHaveLength(1);
  });

  it('ignores malformed filters instead of failing', async () => {
    const response = await request(app).get('/doctors?specialty=%3Cscript%3E&hospital[]=x');
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('<script>');
  });

  it('shows the guidelines to anyone', async () => {
    const page = $((await request(app).get('/guidelines').expect(200)).text);
    expect(page('main h2').map((_i, el) => page(el).text()).get()).toEqual(['Do', 'Don’t', 'Ready?']);
  });
});
