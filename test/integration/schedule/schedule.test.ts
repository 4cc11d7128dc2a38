import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { getSchedule, slotsOn } from '../../../src/appointments';
import { getAppointment } from '../../../src/appointments/repository';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { cancel } from '../../../src/appointments/visits/service';
import type { User } from '../../../src/users';
import { findOnPages, signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = deps.config.timeZone;
const OWN = '/doctor/schedule';
const WEEK = { slotMinutes: '20', 'start-1-0': '09:00', 'end-1-0': '13:00', 'start-1-1': '14:00', 'end-1-1': '17:00', 'start-3-0': '10:00', 'end-3-0': '12:00' };
/** A Monday one to two weeks ahead, in the hospital's zone. */
const monday = DateTime.now().setZone(zone).startOf('week').plus({ weeks: 2 });
const MONDAY = monday.toISODate()!;
let admin: Agent;

beforeAll(async () => {
  admin = await signedInAdmin(app, deps);
});

async function doctorAgent(overrides: Parameters<typeof aDoctor>[1] = {}): Promise<{ doctor: User; agent: Agent }> {
  const doctor = await aDoctor(deps, overrides);
  return { doctor, agent: await signIn(app, doctor.email) };
}

const savePlan = (agent: Agent, fields: Record<string, string>, page = OWN) => submit(agent, page, page, { planVersion: '0', ...fields });
const addLeave = (agent: Agent, fields: Record<string, string>, page = OWN) => submit(agent, page, `${page}/leave`, fields);
const summaryOf = (html: string) => $(html)('[data-testid=summary]').text().replace(/\s+/g, ' ');
const valueOf = (html: string, name: string) => $(html)(`[name="${name}"]`).val();
const labels = (plan: Parameters<typeof slotsOn>[0], leave: Parameters<typeof slotsOn>[1], date = MONDAY) => slotsOn(plan, leave, date, zone).map((s) => s.label);

describe('a doctor sets their weekly plan', () => {
  it('opens empty with 20-minute visits, saves, and shows the plan back with the right numbers', async () => {
    const { doctor, agent } = await doctorAgent();
    const empty = await agent.get(OWN).expect(200);
    expect(summaryOf(empty.text)).toContain('No working hours yet');
    expect($(empty.text)('select[name=slotMinutes] option:selected').val()).toBe('20');

    const saved = await savePlan(agent, WEEK);
    expect(saved.status).toBe(303);
    const page = await agent.get(saved.headers.location).expect(200);

    expect(messages(page.text)).toContain('Working hours saved.');
    expect(summaryOf(page.text)).toContain('Monday: 09:00–13:00, 14:00–17:00 · 20-minute visits · 21 slots');
    expect(summaryOf(page.text)).toContain('Wednesday: 10:00–12:00 · 20-minute visits · 6 slots');
    expect(summaryOf(page.text)).toContain('Tuesday: not working');
    expect(summaryOf(page.text)).toContain('27 visits in a full week');
    expect([valueOf(page.text, 'start-1-1'), valueOf(page.text, 'end-1-1'), valueOf(page.text, 'planVersion')]).toEqual(['14:00', '17:00', '1']);
    const schedule = await getSchedule(deps.db, doctor.id);
    expect(schedule.plan).toEqual({ slotMinutes: 20, days: { 1: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '17:00' }], 3: [{ start: '10:00', end: '12:00' }] } });
    expect(labels(schedule.plan!, [])).toHaveLength(21);
  });

  it('counts whole visits only and keeps ranges in time order', async () => {
    const { doctor, agent } = await doctorAgent();
    await savePlan(agent, { slotMinutes: '30', 'start-5-0': '15:00', 'end-5-0': '16:00', 'start-5-1': '09:00', 'end-5-1': '10:10' });

    expect(summaryOf((await agent.get(OWN)).text)).toContain('Friday: 09:00–10:10, 15:00–16:00 · 30-minute visits · 4 slots');
    expect((await getSchedule(deps.db, doctor.id)).plan!.days[5]!.map((r) => r.start)).toEqual(['09:00', '15:00']);
  });

  it.each([
    ['a time that is not HH:mm', { 'start-2-0': '9am', 'end-2-0': '12:00' }, 'Enter times as HH:mm', 'start-2-0', '9am'],
    ['an end before the start', { 'start-2-0': '12:00', 'end-2-0': '09:00' }, 'The end must be after the start', 'end-2-0', '09:00'],
    ['a start without an end', { 'start-2-0': '09:00' }, 'Enter both a start and an end time', 'start-2-0', '09:00'],
    ['overlapping ranges', { 'start-2-0': '09:00', 'end-2-0': '12:00', 'start-2-1': '11:30', 'end-2-1': '13:00' }, 'Overlaps 09:00–12:00', 'start-2-1', '11:30'],
    ['a range shorter than one visit', { 'start-2-0': '09:00', 'end-2-0': '09:15' }, 'Shorter than one 20-minute visit', 'end-2-0', '09:15'],
    ['a fourth range in a day', { 'start-2-3': '18:00', 'end-2-3': '19:00' }, 'At most 3 working ranges a day', 'start-1-0', '09:00'],
    ['a visit length that is not a multiple of 5', { slotMinutes: '17' }, 'from 10 to 60 minutes, in steps of 5', 'start-1-0', '09:00'],
    ['a visit length over an hour', { slotMinutes: '65' }, 'from 10 to 60 minutes, in steps of 5', 'end-1-1', '17:00'],
  ])('refuses %s with 422, a message and the typed values, saving nothing', async (_name, fields, message, field, typed) => {
    const { doctor, agent } = await doctorAgent();
    const response = await savePlan(agent, { ...WEEK, ...fields });

    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain(message);
    expect(valueOf(response.text, field)).toBe(typed);
    expect((await getSchedule(deps.db, doctor.id)).plan).toBeUndefined();
  });

  it('when someone else saved first, says so, keeps what was typed, and overwrites nothing', async () => {
    const { doctor, agent } = await doctorAgent();
    await savePlan(admin, { slotMinutes: '15', 'start-2-0': '08:00', 'end-2-0': '11:00' }, `/admin/doctors/${doctor.id}/schedule`);

    const stale = await savePlan(agent, WEEK); // still carries version 0

    expect(stale.status).toBe(409);
    expect(messages(stale.text)).toContain('Someone else changed these working hours while you were editing');
    expect(summaryOf(stale.text)).toContain('Tuesday: 08:00–11:00 · 15-minute visits · 12 slots');
    expect([valueOf(stale.text, 'start-1-0'), valueOf(stale.text, 'planVersion')]).toEqual(['09:00', '1']);
    expect((await getSchedule(deps.db, doctor.id)).plan?.slotMinutes).toBe(15);

    expect((await savePlan(agent, { ...WEEK, planVersion: '1' })).status).toBe(303);
    expect((await getSchedule(deps.db, doctor.id)).plan?.slotMinutes).toBe(20);
  });
});

describe('leave', () => {
  let doctor: User;
  let agent: Agent;
  beforeEach(async () => {
    ({ doctor, agent } = await doctorAgent());
    await savePlan(agent, WEEK);
  });

  it('warns about visits already booked in the leave, naming their times, and leaves them booked', async () => {
    const patient = await aPatient(deps);
    const start = monday.set({ hour: 9, minute: 20 }).toUTC().toISO()!;
    const booked = await bookAppointment(deps, { patient, doctorId: doctor.id, start, reason: 'Booked before the leave', idempotencyKey: randomUUID() });
    expect(booked.kind).toBe('booked');

    await addLeave(agent, { from: MONDAY, to: MONDAY, reason: 'Conference' });
    const page = $((await agent.get(OWN)).text);
    expect(page('.flash-error').text()).toBe(`1 booked visit falls in this leave (${monday.toFormat('ccc d LLL yyyy')}, 09:20). Move or cancel it so the patients know.`);
    expect((await getAppointment(deps.db, (booked as { appointment: { id: string } }).appointment.id))?.status).toBe('booked');
    // The leave keeps saying so on every view, until the visit is moved or cancelled.
    expect(page('[data-testid=leave-clashes]').text()).toBe('1 booked visit still in this leave: move or cancel it.');
    await cancel(deps, doctor, (booked as { appointment: { id: string } }).appointment.id, 'On leave');
    expect($((await agent.get(OWN)).text)('[data-testid=leave-clashes]')).toHaveLength(0);
  });

  it('whole days run from local midnight to the midnight after the last day, and free no slot in them', async () => {
    const response = await addLeave(agent, { from: MONDAY, to: MONDAY, reason: 'Family wedding' });
    expect(response.status).toBe(303);

    const page = await agent.get(OWN);
    expect(messages(page.text)).toContain(`Leave added: ${monday.toFormat('ccc d LLL yyyy')} (whole day).`);
    expect($(page.text)('.leave-item').text()).toContain('Family wedding');
    const { plan, leave } = await getSchedule(deps.db, doctor.id);
    expect(leave).toEqual([
      expect.objectContaining({ startsAt: monday.toUTC().toISO(), endsAt: monday.plus({ days: 1 }).toUTC().toISO(), reason: 'Family wedding' }),
    ]);
    expect(labels(plan!, leave)).toEqual([]);
    expect(labels(plan!, leave, monday.plus({ weeks: 1 }).toISODate()!)).toHaveLength(21);
  });

  it('part of a day removes only the slots it touches, and removing it brings them back', async () => {
    await addLeave(agent, { from: MONDAY, to: MONDAY, fromTime: '10:00', toTime: '11:00', reason: 'Hospital board meeting' });
    const { plan, leave } = await getSchedule(deps.db, doctor.id);
    expect(labels(plan!, leave)).toEqual(['09:00', '09:20', '09:40', '11:00', '11:20', '11:40', '12:00', '12:20', '12:40', '14:00', '14:20', '14:40', '15:00', '15:20', '15:40', '16:00', '16:20', '16:40']);

    const removed = await submit(agent, OWN, `${OWN}/leave/${leave[0].id}/remove`, {});
    expect(removed.status).toBe(303);
    expect(messages((await agent.get(OWN)).text)).toContain('Leave removed');
    expect((await getSchedule(deps.db, doctor.id)).leave).toEqual([]);
  });

  const yesterday = DateTime.now().setZone(zone).minus({ days: 1 }).toISODate()!;
  it.each([
    ['a date that does not exist', { from: '2031-02-30' }, 'Enter the first day of leave', 'from', '2031-02-30'],
    ['a last day before the first', { to: monday.minus({ days: 1 }).toISODate()! }, 'The last day cannot be before the first day', 'to', monday.minus({ days: 1 }).toISODate()!],
    ['a time that is not HH:mm', { fromTime: '25:00' }, 'Enter a time as HH:mm', 'fromTime', '25:00'],
    ['a part day ending before it starts', { fromTime: '11:00', toTime: '10:00' }, 'The leave must end after it starts', 'toTime', '10:00'],
    ['leave that is already over', { from: yesterday, to: yesterday }, 'This leave is already over', 'from', yesterday],
    ['leave longer than a year', { to: monday.plus({ days: 400 }).toISODate()! }, 'at most 366 days', 'reason', 'Sabbatical'],
    ['a reason that is too short', { reason: 'ok' }, 'at least 3 characters', 'reason', 'ok'],
    ['a reason that is too long', { reason: 'x'.repeat(201) }, 'under 200 characters', 'reason', 'x'.repeat(201)],
  ])('refuses %s with 422, a message and the typed values, adding nothing', async (_name, fields, message, field, typed) => {
    const response = await addLeave(agent, { from: MONDAY, to: MONDAY, reason: 'Sabbatical', ...fields });

    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain(message);
    expect(valueOf(response.text, field)).toBe(typed);
    expect((await getSchedule(deps.db, doctor.id)).leave).toEqual([]);
  });

  it("answers 404 for another doctor's leave, or a made-up id, and removes nothing", async () => {
    const other = await doctorAgent();
    await addLeave(other.agent, { from: MONDAY, to: MONDAY, reason: 'Conference' });
    const [theirs] = (await getSchedule(deps.db, other.doctor.id)).leave;

    for (const id of [theirs.id, randomUUID(), 'not-an-id']) {
      expect((await submit(agent, OWN, `${OWN}/leave/${id}/remove`, {})).status).toBe(404);
    }
    expect((await getSchedule(deps.db, other.doctor.id)).leave).toHaveLength(1);
  });
});

describe('who may edit working hours', () => {
  it('links the page from the doctor navigation', async () => {
    const { agent } = await doctorAgent();
    expect($((await agent.get('/doctor')).text)('nav a[href="/doctor/schedule"]').text()).toBe('Working hours');
  });

  it('refuses a doctor still awaiting approval, saving nothing', async () => {
    const { doctor, agent } = await doctorAgent({ doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 2, consultationFee: 300, approval: 'pending' } });
    const page = await agent.get(OWN);
    expect(page.status).toBe(403);
    expect(messages(page.text)).toContain('once an administrator has approved your registration');
    expect((await submit(agent, '/doctor', OWN, { planVersion: '0', ...WEEK })).status).toBe(403);
    expect((await getSchedule(deps.db, doctor.id)).plan).toBeUndefined();
  });

  it("refuses a patient, and a doctor on the admin pages, with 403", async () => {
    const patient = await signIn(app, (await aPatient(deps)).email);
    const { agent } = await doctorAgent();
    const other = await aDoctor(deps);
    expect((await patient.get(OWN)).status).toBe(403);
    expect((await submit(patient, '/patient', OWN, { planVersion: '0', ...WEEK })).status).toBe(403);
    expect((await agent.get(`/admin/doctors/${other.id}/schedule`)).status).toBe(403);
    expect((await submit(agent, OWN, `/admin/doctors/${other.id}/schedule`, { planVersion: '0', ...WEEK })).status).toBe(403);
    expect((await getSchedule(deps.db, other.id)).plan).toBeUndefined();
  });

  it('sends an anonymous visitor to log in', async () => {
    const response = await request(app).get(OWN);
    expect([response.status, response.headers.location]).toEqual([302, `/login?next=${encodeURIComponent(OWN)}`]);
  });
});

describe('an admin edits any doctor', () => {
  it("edits another doctor's plan and leave, linked from the approved doctors list", async () => {
    const doctor = await aDoctor(deps, { firstName: 'Kavya', lastName: 'Menon' });
    const page = `/admin/doctors/${doctor.id}/schedule`;
    const row = $(`<div>${await findOnPages(admin, '/admin/doctors?status=approved', `[data-testid="doctor-${doctor.email}"]`)}</div>`);
    expect(row('a').filter((_i, a) => row(a).text() === 'Working hours').attr('href')).toBe(page);
    expect(messages((await admin.get(page).expect(200)).text)).toContain("Dr Kavya Menon's working hours");

    expect((await savePlan(admin, WEEK, page)).headers.location).toBe(page);
    expect((await addLeave(admin, { from: MONDAY, to: MONDAY, fromTime: '09:00', toTime: '13:00', reason: 'Training' }, page)).status).toBe(303);
    const { plan, leave } = await getSchedule(deps.db, doctor.id);
    expect(labels(plan!, leave)[0]).toBe('14:00');
    expect((await submit(admin, page, `${page}/leave/${leave[0].id}/remove`, {})).status).toBe(303);
    expect((await getSchedule(deps.db, doctor.id)).leave).toEqual([]);
  });

  it('answers 404 for a patient, an unknown id or a malformed id', async () => {
    const patient = await aPatient(deps);
    for (const id of [patient.id, randomUUID(), 'nobody']) {
      const page = `/admin/doctors/${id}/schedule`;
      expect((await admin.get(page)).status).toBe(404);
      expect((await savePlan(admin, WEEK, page)).status).toBe(404);
    }
    expect((await getSchedule(deps.db, patient.id)).plan).toBeUndefined();
  });
});
