/**
 * Booking a blood donation on the blood bank's calendar, against DynamoDB Local, in tables of its
 * own (the blood bank's chairs are one calendar for everyone, and the reminder pass reads the whole
 * index). The blood bank's reads (a donor's last donation, the levels) come from the port's fake.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { doctorBlockKey, patientBlockKey } from '../../../src/appointments/keys';
import { findJob } from '../../../src/jobs/schedule';
import { chairOwnerId, freeSlotsOn } from '../../../src/donation-booking/calendar';
import { bookDonation } from '../../../src/donation-booking/service';
import { listDonorBookings } from '../../../src/donation-booking/repository';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { buildTestApp } from '../../helpers/app';
import { DONATION_SETTINGS, daysAgo, fakeBloodBank, localDay } from '../../helpers/donations';
import { instantAt } from '../../helpers/appointments';
import { $, messages, signIn, type Agent } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { outboxItemsFor } from '../../helpers/outbox';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

const { reads, lastDonations } = fakeBloodBank({ 'O-': 'low', 'AB+': 'good' });
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}donations-`, ...DONATION_SETTINGS }, { bloodBankReads: reads });
const { db, config } = deps;
const zone = config.timeZone;

beforeAll(async () => {
  await ensureTables(db.client, config.tablePrefix);
});

/** Each test books on a day of its own, so the two chairs are never shared between tests. */
let nextDay = 2;
const aDay = () => localDay(zone, nextDay++);

async function aDonor(overrides: Parameters<typeof aPatient>[1] = {}) {
  const donor = await aPatient(deps, overrides);
  return { donor, agent: await signIn(app, donor.email) };
}

/** The booking form's hidden fields on the page for the date (a page offering no time has none: a stale tab's would do). */
async function formOf(agent: Agent, date: string): Promise<Record<string, string>> {
  const page = $((await agent.get(`/blood-bank/book?date=${date}`)).text);
  const hidden = Object.fromEntries(page('form[action="/blood-bank/bookings"] input[type=hidden]').map((_i, el) => [[page(el).attr('name'), page(el).val()]]).get());
  return { _csrf: page('input[name=_csrf]').first().val() as string, date, idempotencyKey: randomUUID(), ...hidden };
}

/** Loads the booking page for the date, then posts its form with `start`, like a browser. */
async function book(agent: Agent, date: string, start: string, fields: Record<string, string> = {}) {
  return agent.post('/blood-bank/bookings').type('form').send({ ...(await formOf(agent, date)), start, ...fields });
}

const bookingsOf = async (patientId: string) => (await listDonorBookings(db, patientId, { limit: 50 })).items;
const lockHolder = async (key: { pk: string; sk: string }) => (await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: key, ConsistentRead: true }))).Item?.appointmentId;

describe('booking a donation', () => {
  it('offers the free times of a day and books one on the first chair, holding the chair and the donor with lock items', async () => {
    const date = aDay();
    const { donor, agent } = await aDonor();
    const page = $((await agent.get(`/blood-bank/book?date=${date}`)).text);
    expect(page('input[name=start]')).toHaveLength(20);
    expect(page('.slot span').first().text()).toBe('08:00');

    const start = instantAt(date, '09:30', zone);
    const response = await book(agent, date, start);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/blood-bank/bookings');

    const [booking] = await bookingsOf(donor.id);
    expect(booking).toMatchObject({ chair: 1, start, status: 'booked', localDate: date });
    expect(await lockHolder(doctorBlockKey(chairOwnerId(1), start))).toBe(booking.id);
    expect(await lockHolder(patientBlockKey(donor.id, start))).toBe(booking.id);
    const list = $((await agent.get('/blood-bank/bookings')).text);
    expect(list('[data-testid=donation-booking]').text()).toContain('Blood donation');
    const [notice] = await outboxItemsFor(db, donor.id, 'donation.booked');
    expect(notice.inbox!.body).toContain('Thank you for giving blood');
    await deps.outbox.drain();
    const mail = (await mailsTo(donor.email, db)).find((m) => m.subject.startsWith('Blood donation booked'));
    expect(mail?.body.text).toContain('Eat a proper meal');
    expect(mail?.body.html).toContain('/blood-bank/bookings');
  });

  it('books once when the same form is sent twice', async () => {
    const date = aDay();
    const { donor, agent } = await aDonor();
    const hidden = await formOf(agent, date);
    const send = () => agent.post('/blood-bank/bookings').type('form').send({ ...hidden, start: instantAt(date, '10:00', zone) });
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    expect([first.status, second.status, third.status]).toEqual([303, 303, 303]);
    expect(await bookingsOf(donor.id)).toHaveLength(1);
    expect(await outboxItemsFor(db, donor.id, 'donation.booked')).toHaveLength(1);
  });

  it('gives the last chair to exactly one of two donors racing for it; the other hears it was taken and nothing of theirs is stored', async () => {
    const date = aDay();
    const start = instantAt(date, '11:00', zone);
    const first = await aDonor();
    expect((await book(first.agent, date, start)).status).toBe(303);
    const [a, b] = await Promise.all([aDonor(), aDonor()]);
    const forms = await Promise.all([a, b].map(({ agent }) => formOf(agent, date)));
    const responses = await Promise.all([a, b].map(({ agent }, i) => agent.post('/blood-bank/bookings').type('form').send({ ...forms[i], start })));
    expect(responses.map((r) => r.status).sort()).toEqual([303, 409]);
    const loser = responses[0].status === 409 ? a : b;
    expect(messages(responses.find((r) => r.status === 409)!.text)).toContain('That time was just taken by another donor');
    expect(await bookingsOf(loser.donor.id)).toEqual([]);
    expect(await lockHolder(patientBlockKey(loser.donor.id, start))).toBeUndefined();
    // The page no longer offers that time.
    const page = $((await loser.agent.get(`/blood-bank/book?date=${date}`)).text);
    expect(page(`input[value="${start}"]`)).toHaveLength(0);
  });

  it('refuses a second active booking, saying when the first is', async () => {
    const date = aDay();
    const { donor, agent } = await aDonor();
    expect((await book(agent, date, instantAt(date, '12:00', zone))).status).toBe(303);
    const second = await book(agent, date, instantAt(date, '15:00', zone));
    expect(second.status).toBe(409);
    expect(messages(second.text)).toContain('You already have a donation booked on');
    expect(await bookingsOf(donor.id)).toHaveLength(1);
  });

  it('books one of three forms a donor sends at once for different times, and refuses the others', async () => {
    const date = aDay();
    const { donor, agent } = await aDonor();
    const forms = [];
    for (const time of ['08:00', '08:30', '09:00']) forms.push({ ...(await formOf(agent, date)), start: instantAt(date, time, zone) });
    const statuses = await Promise.all(forms.map((form) => agent.post('/blood-bank/bookings').type('form').send(form).then((r) => r.status)));
    expect(statuses.sort()).toEqual([303, 409, 409]);
    expect(await bookingsOf(donor.id)).toHaveLength(1);
  });
});

describe('the re-donation interval', () => {
  const tryAfter = async (days: number, sex?: 'male' | 'female', gender?: 'male' | 'female') => {
    const date = aDay();
    const { donor, agent } = await aDonor(gender ? { gender } : {});
    lastDonations.set(donor.id, { collectedOn: daysAgo(zone, days - (nextDay - 1)), sex });
    return { response: await book(agent, date, instantAt(date, '13:00', zone)), donor, agent, date };
  };

  it('refuses a donation 30 days after the last one, saying from which date they can book; nothing is written', async () => {
    const { response, donor } = await tryAfter(30, 'male');
    expect(response.status).toBe(422);
    const from = new Date(Date.parse(`${lastDonations.get(donor.id)!.collectedOn}T12:00:00Z`) + 90 * 86_400_000);
    const fromWords = from.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(messages(response.text)).toContain(`You can book a donation from ${fromWords}`);
    expect(await bookingsOf(donor.id)).toEqual([]);
  });

  it('books 200 days after the last one', async () => {
    expect((await tryAfter(200, 'female')).response.status).toBe(303);
  });

  it('refuses a woman 100 days after her last donation, and books a man', async () => {
    expect((await tryAfter(100, 'female')).response.status).toBe(422);
    expect((await tryAfter(100, 'male')).response.status).toBe(303);
    // Sex from the profile when the history does not say; the longer wait when nobody does.
    expect((await tryAfter(100, undefined, 'male')).response.status).toBe(303);
    expect((await tryAfter(100)).response.status).toBe(422);
  });

  it('opens the booking page on the first day the donor may book, and says why', async () => {
    const { donor, agent } = await aDonor();
    lastDonations.set(donor.id, { collectedOn: daysAgo(zone, 80), sex: 'male' });
    const page = $((await agent.get('/blood-bank/book')).text);
    expect(page('[data-testid=too-soon]').text()).toContain('You can book a donation from');
    expect(page('input[name=date]').val()).toBe(localDay(zone, 10));
  });
});

describe('reminders for a donation', () => {
  it('go out through the minute reminder job, once, with what to bring and nothing of the donor’s health', async () => {
    const { donor } = await aDonor({ firstName: 'Reema' });
    // The first open time from an hour ahead, within a day: booked a day before it, its 24-hour reminder is due now.
    const within = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const slots = [...freeSlotsOn(config, localDay(zone, 0), [], new Date()), ...freeSlotsOn(config, localDay(zone, 1), [], new Date())];
    const slotStart = slots.find((slot) => slot.start <= within)!.start;
    const booking = await bookDonation({ db, config }, reads, { patient: donor, start: slotStart, idempotencyKey: randomUUID() }, new Date(Date.parse(slotStart) - 25 * 3_600_000));
    expect(booking.nextReminderAt).toBe(new Date(Date.parse(slotStart) - 24 * 3_600_000).toISOString());

    const job = findJob('appointment-reminders')!;
    await job.run(deps);
    await job.run(deps);
    const reminders = await outboxItemsFor(db, donor.id, 'donation.reminder');
    expect(reminders).toHaveLength(1);
    await deps.outbox.drain();
    const mail = (await mailsTo(donor.email, db)).find((m) => /Reminder: your blood donation/.test(m.subject));
    expect(mail?.body.text).toContain('Bring a photo ID');
    expect(mail?.body.text).not.toMatch(/blood group|haemoglobin|O-|A\+/i);
  });
});

describe('cancelling a donation', () => {
  it('frees the chair and the donor’s time: another donor books that chair, and the donor may book again', async () => {
    const date = aDay();
    const start = instantAt(date, '14:00', zone);
    const { donor, agent } = await aDonor();
    expect((await book(agent, date, start)).status).toBe(303);
    const [booking] = await bookingsOf(donor.id);
    const list = $((await agent.get('/blood-bank/bookings')).text);
    const csrf = list(`form[action="/blood-bank/bookings/${booking.id}/cancel"] input[name=_csrf]`).val() as string;
    expect((await agent.post(`/blood-bank/bookings/${booking.id}/cancel`).type('form').send({ _csrf: csrf })).status).toBe(303);

    expect((await bookingsOf(donor.id))[0].status).toBe('cancelled');
    expect(await lockHolder(doctorBlockKey(chairOwnerId(1), start))).toBeUndefined();
    expect(await lockHolder(patientBlockKey(donor.id, start))).toBeUndefined();
    const other = await aDonor();
    expect((await book(other.agent, date, start)).status).toBe(303);
    expect((await bookingsOf(other.donor.id))[0].chair).toBe(1);
    expect((await book(agent, date, instantAt(date, '16:00', zone))).status).toBe(303);
  });

  it('is refused for another donor’s booking, which stays booked', async () => {
    const date = aDay();
    const owner = await aDonor();
    expect((await book(owner.agent, date, instantAt(date, '09:00', zone))).status).toBe(303);
    const [booking] = await bookingsOf(owner.donor.id);
    const intruder = await aDonor();
    const csrf = $((await intruder.agent.get('/blood-bank/bookings')).text)('input[name=_csrf]').first().val() as string;
    expect((await intruder.agent.post(`/blood-bank/bookings/${booking.id}/cancel`).type('form').send({ _csrf: csrf })).status).toBe(404);
    expect((await intruder.agent.post('/blood-bank/bookings/not-an-id/cancel').type('form').send({ _csrf: csrf })).status).toBe(404);
    expect((await bookingsOf(owner.donor.id))[0].status).toBe('booked');
  });
});

describe('bad input', () => {
  it.each([
    ['a time that is not a time', { start: 'tomorrow at ten' }, 'Choose a time from the list'],
    ['a time the blood bank is closed', { start: instantAt(localDay(zone, 40), '20:00', zone) }, 'not open for donations then'],
    ['a time off the slot grid', { start: instantAt(localDay(zone, 40), '09:10', zone) }, 'not open for donations then'],
    ['a time in the past', { start: instantAt(localDay(zone, -1), '09:00', zone) }, 'not open for donations then'],
    ['a time past the booking window', { start: instantAt(localDay(zone, 90), '09:00', zone) }, 'not open for donations then'],
    ['no form key', { idempotencyKey: '' }, 'This form is incomplete'],
  ])('refuses %s with 422 and a plain message; nothing is written', async (_label, fields, message) => {
    const { donor, agent } = await aDonor();
    const date = localDay(zone, 40);
    const response = await book(agent, date, instantAt(date, '09:00', zone), fields);
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain(message);
    expect(await bookingsOf(donor.id)).toEqual([]);
    expect(await outboxItemsFor(db, donor.id)).toEqual([]);
  });
});

describe('who sees what', () => {
  it('shows everyone the levels per group in words, with no donor data', async () => {
    const date = aDay();
    const { agent } = await aDonor({ firstName: 'Zebediah', lastName: 'Quint' });
    expect((await book(agent, date, instantAt(date, '08:30', zone))).status).toBe(303);
    const response = await request(app).get('/blood-bank');
    expect(response.status).toBe(200);
    const page = $(response.text);
    expect(page('[data-testid=blood-level]')).toHaveLength(8);
    expect(page('[data-group="O-"]').attr('data-level')).toBe('low');
    expect(page('[data-group="O-"]').text()).toContain('Low');
    expect(page('[data-group="AB+"]').text()).toContain('Good');
    expect(response.text).not.toMatch(/Zebediah|Quint/);
    expect(page('a[href="/blood-bank/book"]').length).toBeGreaterThan(0);
  });

  it('asks a visitor to log in to book, and keeps doctors out of donor pages', async () => {
    expect((await request(app).get('/blood-bank/book')).headers.location).toMatch(/^\/login/);
    const doctor = await signIn(app, (await aDoctor(deps)).email);
    expect((await doctor.get('/blood-bank/book')).status).toBe(403);
    expect((await doctor.get('/admin/blood-bank/bookings')).status).toBe(403);
  });

  it('lists the day’s bookings for the officer by time and chair, each with a button that opens that donor for their donation', async () => {
    const date = aDay();
    const { donor, agent } = await aDonor({ firstName: 'Odile' });
    const other = await aDonor({ firstName: 'Pavel' });
    expect((await book(agent, date, instantAt(date, '17:00', zone))).status).toBe(303);
    expect((await book(other.agent, date, instantAt(date, '17:00', zone))).status).toBe(303);
    const admin = await signIn(app, (await anAdmin(deps)).email);
    const page = $((await admin.get(`/admin/blood-bank/bookings?date=${date}`)).text);
    const rows = page('[data-testid=donation-booking-row]').map((_i, el) => ({ text: page(el).text().replace(/\s+/g, ' '), action: page(el).find('form').attr('action') })).get();
    expect(rows).toEqual([
      { text: expect.stringMatching(/17:00 – 17:30 1 Odile .* Booked/), action: `/admin/blood-bank/patients/${donor.id}/donor` },
      { text: expect.stringMatching(/17:00 – 17:30 2 Pavel .* Booked/), action: `/admin/blood-bank/patients/${other.donor.id}/donor` },
    ]);
    expect((await agent.get(`/admin/blood-bank/bookings?date=${date}`)).status).toBe(403);
    expect((await admin.get('/admin/blood-bank/bookings?cursor=forged')).status).toBe(400);
  });
});
