/**
 * The inbox pages and the navigation badge, through the real app: entries come from a real booking
 * (delivered by the app's dispatcher) or are put straight into the inbox with deliverToInbox.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { newNotification, type InboxMessage } from '../../../src/notifications';
import { deliverToInbox, listInbox, unreadCount, type InboxEntry } from '../../../src/notifications/inbox';
import { aDoctorWithPlan, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { $, csrfFrom, signIn, type Agent } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = deps.config.timeZone;

/** Puts an entry into the user's inbox, as the dispatcher would, `minutesAgo` minutes old. */
async function anEntry(userId: string, inbox: Partial<InboxMessage> = {}, minutesAgo = 0): Promise<InboxEntry> {
  const message = { title: 'Appointment booked', body: 'Mon 2 Mar 2026, 10:30 with Dr Test Doctor.', link: `/appointments/${randomUUID()}`, ...inbox };
  const notification = { ...newNotification({ event: 'appointment.booked', userId }, new Date(Date.now() - minutesAgo * 60_000)), inbox: message };
  await deliverToInbox(deps.db, notification);
  return { id: notification.id, createdAt: notification.createdAt, ...message, read: false };
}

async function aSignedInPatient() {
  const patient = await aPatient(deps);
  return { patient, agent: await signIn(app, patient.email) };
}

/** Posts the entry's form, as clicking it on /inbox does. */
async function open(agent: Agent, fields: Record<string, string>) {
  const _csrf = await csrfFrom(agent, '/inbox');
  return agent.post('/inbox/read').type('form').send({ ...fields, _csrf });
}

async function inboxPage(agent: Agent) {
  const page = $((await agent.get('/inbox')).text);
  const badge = page('[data-unread-badge]');
  return {
    page,
    titles: page('[data-testid=inbox-entry] .inbox-title').map((_i, el) => page(el).text().replace(/\s+/g, ' ').trim()).get(),
    unread: page('[data-testid=inbox-entry].inbox-unread').length,
    badge: { text: badge.text(), hidden: badge.attr('hidden') !== undefined, label: page('[data-unread-link]').attr('aria-label') },
  };
}

const unreadJson = async (agent: Agent) => (await agent.get('/inbox/unread.json').set('Accept', 'application/json')).body;

/** Waits up to 5 s for the dispatcher (this app's, or another test file's on the shared tables). */
async function eventually(done: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 50; tries++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the dispatcher did not deliver in time');
}

const deliveredTo = (userId: string) => eventually(async () => (await listInbox(deps.db, userId)).length > 0);

describe('the inbox pages', () => {
  it('after a booking, patient and doctor each find an unread entry that links to the visit, counted in the nav badge, with no medical details', async () => {
    const specialty = uniqueSpecialty();
    const doctor = await aDoctorWithPlan(deps, specialty);
    const patient = await aPatient(deps);
    const start = instantAt(futureWeekday(zone, 3), '10:00', zone);
    const booked = await bookAppointment(deps, { patient, specialty, start, reason: 'Chest pain when climbing stairs', idempotencyKey: formKey() });
    if (booked.kind !== 'booked') throw new Error(booked.kind);
    await Promise.all([deliveredTo(patient.id), deliveredTo(doctor.id)]);

    const mine = await inboxPage(await signIn(app, patient.email));
    expect(mine.titles).toEqual(['Unread: Appointment booked']);
    expect(mine.page('.inbox-body').text()).toMatch(/ with Dr Test Doctor, /);
    expect(mine.page('input[name=id]').val()).toMatch(/^[0-9a-f-]{36}$/);
    expect(mine.badge).toEqual({ text: '1', hidden: false, label: 'Inbox, 1 unread' });
    expect(mine.page.html()).not.toContain('Chest pain');

    const doctorAgent = await signIn(app, doctor.email);
    const theirs = await inboxPage(doctorAgent);
    expect(theirs.titles).toEqual(['Unread: Appointment booked']);
    expect(theirs.page('.inbox-body').text()).toContain('Test Patient booked a visit with you on ');
    expect(theirs.page.html()).not.toContain('Chest pain');
    const opened = await open(doctorAgent, { id: String(theirs.page('input[name=id]').val()), createdAt: String(theirs.page('input[name=createdAt]').val()) });
    expect(opened.headers.location).toBe(`/appointments/${booked.appointment.id}`);

    // The dev mailbox shows the patient's confirmation carries its calendar file.
    await eventually(async () => (await mailsTo(patient.email)).length > 0);
    const mailbox = $((await request(app).get('/dev/mailbox').query({ to: patient.email })).text);
    expect(mailbox('[data-testid=mail] h2').text()).toMatch(/^Appointment booked: /);
    expect(mailbox('[data-testid=attachments]').text().replace(/\s+/g, ' ').trim()).toBe('Attachments: invite.ics');
  });

  it('lists entries newest first, marks the unread ones, and shows an empty state before the first', async () => {
    const { patient, agent } = await aSignedInPatient();
    const empty = await inboxPage(agent);
    expect(empty.page('[data-testid=inbox-empty]').text()).toContain('No notifications yet');
    expect(empty.badge).toEqual({ text: '0', hidden: true, label: 'Inbox' });

    await anEntry(patient.id, { title: 'Oldest' }, 30);
    const read = await anEntry(patient.id, { title: 'Read already' }, 20);
    await anEntry(patient.id, { title: 'Newest' }, 10);
    await open(agent, { id: read.id, createdAt: read.createdAt });

    const page = await inboxPage(agent);
    expect(page.titles).toEqual(['Unread: Newest', 'Read already', 'Unread: Oldest']);
    expect(page.unread).toBe(2);
    expect(page.page('[data-testid=inbox-summary]').text()).toBe('2 unread');
    expect(page.page('[data-testid=inbox-empty]')).toHaveLength(0);
  });

  it('shows the unread count on every page for each role, including a doctor awaiting approval', async () => {
    const admin = await anAdmin(deps);
    const pending = await aDoctor(deps, { doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 2, consultationFee: 300, approval: 'pending' } });
    for (const [user, home] of [[admin, '/admin'], [pending, '/doctor']] as const) {
      await anEntry(user.id, { title: 'Welcome', link: home });
      const agent = await signIn(app, user.email);
      const page = $((await agent.get(home)).text);
      expect(page('[data-unread-badge]').text()).toBe('1');
      expect((await inboxPage(agent)).titles).toEqual(['Unread: Welcome']);
      const [entry] = await listInbox(deps.db, user.id);
      expect((await open(agent, { id: entry.id, createdAt: entry.createdAt })).headers.location).toBe(home);
    }
  });

  it('answers the count as JSON, never cached, and shows "99+" past 99', async () => {
    const { patient, agent } = await aSignedInPatient();
    await Promise.all([anEntry(patient.id), anEntry(patient.id)]);
    const response = await agent.get('/inbox/unread.json').set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ unread: 2, shown: '2' });

    await Promise.all(Array.from({ length: 98 }, (_v, i) => anEntry(patient.id, { title: `Entry ${i}` })));
    expect(await unreadJson(agent)).toEqual({ unread: 100, shown: '99+' });
    const page = await inboxPage(agent);
    expect(page.badge).toEqual({ text: '99+', hidden: false, label: 'Inbox, 99+ unread' });
    expect(page.page('[data-testid=inbox-summary]').text()).toBe('99+ unread');
  });

  it('opening an entry marks it read and goes to its page; the count drops', async () => {
    const { patient, agent } = await aSignedInPatient();
    const first = await anEntry(patient.id, {}, 5);
    await anEntry(patient.id);

    const response = await open(agent, { id: first.id, createdAt: first.createdAt });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(first.link);
    expect(await unreadJson(agent)).toEqual({ unread: 1, shown: '1' });
    expect((await listInbox(deps.db, patient.id)).map((e) => e.read)).toEqual([false, true]);
    expect((await inboxPage(agent)).badge).toEqual({ text: '1', hidden: false, label: 'Inbox, 1 unread' });

    // Opening it again still leads to its page.
    expect((await open(agent, { id: first.id, createdAt: first.createdAt })).headers.location).toBe(first.link);
  });

  it('marks everything read at once and says so', async () => {
    const { patient, agent } = await aSignedInPatient();
    await Promise.all([anEntry(patient.id), anEntry(patient.id)]);
    const markAll = async () => agent.post('/inbox/read-all').type('form').send({ _csrf: await csrfFrom(agent, '/inbox') });

    const response = await markAll();
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/inbox');
    const page = await inboxPage(agent);
    expect(page.page('.flash-success').text()).toBe('Marked 2 notifications as read.');
    expect(page.unread).toBe(0);
    expect(page.badge.hidden).toBe(true);
    expect(page.page('form[action="/inbox/read-all"]')).toHaveLength(0);
    expect(await unreadCount(deps.db, patient.id)).toBe(0);

    await markAll();
    expect((await inboxPage(agent)).page('.flash-success').text()).toBe('Everything was already read.');
  });

  it("leaves a form's message for the next page when the badge refreshes in between", async () => {
    const { patient, agent } = await aSignedInPatient();
    await anEntry(patient.id);
    await agent.post('/inbox/read-all').type('form').send({ _csrf: await csrfFrom(agent, '/inbox') });

    expect((await agent.get('/inbox/unread.json').set('X-MedTrack-Background', '1')).body).toMatchObject({ unread: 0 });

    expect((await inboxPage(agent)).page('.flash-success').text()).toBe('Marked 1 notification as read.');
  });

  it("answers 404 for someone else's entry or an unknown one, and leaves it unread", async () => {
    const owner = await aPatient(deps);
    const theirs = await anEntry(owner.id);
    const { agent } = await aSignedInPatient();

    const response = await open(agent, { id: theirs.id, createdAt: theirs.createdAt });
    expect(response.status).toBe(404);
    expect($(response.text)('main p').text()).toContain('We could not find that notification in your inbox.');
    expect(await unreadCount(deps.db, owner.id)).toBe(1);
    expect((await open(agent, { id: randomUUID(), createdAt: new Date().toISOString() })).status).toBe(404);
  });

  it.each([
    ['no id', { createdAt: new Date().toISOString() }, 'its id is missing or malformed'],
    ['an id that is not one', { id: 'INBOX#someone', createdAt: new Date().toISOString() }, 'its id is missing or malformed'],
    ['a time that is not one', { id: randomUUID(), createdAt: 'yesterday' }, 'its time is missing or malformed'],
  ])('refuses a form with %s: 400 with a clear message', async (_case, fields, message) => {
    const { patient, agent } = await aSignedInPatient();
    await anEntry(patient.id);
    const response = await open(agent, fields as Record<string, string>);
    expect(response.status).toBe(400);
    expect($(response.text)('main p').text()).toContain(message);
    expect(await unreadCount(deps.db, patient.id)).toBe(1);
  });

  it.each(['https://evil.example/login', '//evil.example/login', '/\\evil.example', 'javascript:alert(1)', ' /appointments'])(
    'never redirects off the site: a stored link %p leads back to the inbox',
    async (link) => {
      const { patient, agent } = await aSignedInPatient();
      const entry = await anEntry(patient.id, { link });
      const response = await open(agent, { id: entry.id, createdAt: entry.createdAt });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/inbox');
    },
  );

  it('sends signed-out visitors to log in, answers the count with a 401, and refuses a form without its token', async () => {
    const page = await request(app).get('/inbox');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2Finbox');

    const json = await request(app).get('/inbox/unread.json').set('Accept', 'application/json');
    expect(json.status).toBe(401);
    expect(json.headers['cache-control']).toBe('no-store');
    expect(json.body).toEqual({ error: 'Log in to see your notifications.' });

    const { patient, agent } = await aSignedInPatient();
    const entry = await anEntry(patient.id);
    expect((await agent.post('/inbox/read').type('form').send({ id: entry.id, createdAt: entry.createdAt })).status).toBe(403);
    expect(await unreadCount(deps.db, patient.id)).toBe(1);
  });
});
