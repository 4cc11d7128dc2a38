import { formatPhone } from '../../../src/platform/format';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { getHospital, slugify } from '../../../src/directory';
import { getUserByEmail, getUserById, type User } from '../../../src/users';
import { ensureCityGeneralCardiology, uniqueLetters } from '../../helpers/accounts';
import { findOnPages, signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp();
let admin: Agent;

beforeAll(async () => {
  await ensureCityGeneralCardiology(deps);
  admin = await signedInAdmin(app, deps);
});

const PAGES = ['/admin', '/admin/doctors?status=pending', '/admin/users?role=patient', '/admin/hospitals', '/admin/specialties'];
const ACTIONS = (id: string) => [
  [`/admin/doctors/${id}/approve`, {}],
  [`/admin/doctors/${id}/reject`, { reason: 'Not a real doctor.' }],
  [`/admin/users/${id}/deactivate`, {}],
  [`/admin/users/${id}/reactivate`, {}],
  ['/admin/hospitals', { name: 'Sneaky Hospital', city: 'Pune', address: '1 Main Road', phone: '+912012345678' }],
  ['/admin/specialties', { name: 'Sneaky', description: 'Should never be added' }],
] as const;

const rowOf = (user: User) => `[data-testid="user-${user.email}"]`;
/** A table row found on a list page, parsed where a row is allowed to be. */
const rowIn = (html: string | undefined) => $(`<table>${html ?? ''}</table>`);
const usersPage = (role: string) => `/admin/users?role=${role}`;
const statusOf = async (user: User) => (await getUserById(deps.db, user.id))!.status;
const setActive = (user: Pick<User, 'id' | 'role'>, verb: 'deactivate' | 'reactivate', by: Agent = admin) =>
  submit(by, usersPage(user.role), `/admin/users/${user.id}/${verb}`, {});
const logInStatus = async (user: User) => (await submit(request.agent(app), '/login', '/login', { identifier: user.email, password: PASSWORD })).status;

describe('who may use the admin pages', () => {
  it.each(PAGES)('sends an anonymous visitor of %s to log in, remembering the page', async (path) => {
    const response = await request(app).get(path);

    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it('sends an anonymous form post to log in without doing anything', async () => {
    const patient = await aPatient(deps);
    const response = await submit(request.agent(app), '/login', `/admin/users/${patient.id}/deactivate`, {});

    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(`/admin/users/${patient.id}/deactivate`)}`);
    expect(await statusOf(patient)).toBe('active');
  });

  it.each(['patient', 'doctor'] as const)('refuses a %s every admin page and action with 403', async (role) => {
    const user = role === 'patient' ? await aPatient(deps) : await aDoctor(deps);
    const target = await aPatient(deps);
    const agent = await signIn(app, user.email);

    for (const path of PAGES) {
      const response = await agent.get(path);
      expect([path, response.status]).toEqual([path, 403]);
      expect(messages(response.text)).toContain('You do not have access to this page.');
    }
    for (const [action, fields] of ACTIONS(target.id)) {
      expect([action, (await submit(agent, `/${role}`, action, fields)).status]).toEqual([action, 403]);
    }
    expect(await statusOf(target)).toBe('active');
    for (const list of ['/admin/hospitals', '/admin/specialties']) {
      expect($((await admin.get(list)).text)('main h2').text()).not.toContain('Sneaky');
    }
  });
});

describe('managing user accounts', () => {
  it('lists users under their role, with name, e-mail and mobile', async () => {
    const patient = await aPatient(deps, { firstName: 'Zoya', lastName: 'Khan' });
    const doctor = await aDoctor(deps);

    const row = rowIn(await findOnPages(admin, usersPage('patient'), rowOf(patient)));
    expect(row('td').first().text()).toBe('Zoya Khan');
    expect(row.text()).toContain(formatPhone(patient.phone));
    expect(row('button').text().trim()).toBe('Deactivate');
    expect(await findOnPages(admin, usersPage('doctor'), rowOf(doctor))).toBeDefined();
    expect(await findOnPages(admin, usersPage('doctor'), rowOf(patient))).toBeUndefined();
  });

  it('deactivating ends the user\'s sessions and refuses their log-in; reactivating lets them back', async () => {
    const patient = await aPatient(deps, { firstName: 'Ravi', lastName: 'Shah' });
    const session = await signIn(app, patient.email);

    const response = await setActive(patient, 'deactivate');
    expect(response.headers.location).toBe(`/admin/users/${patient.id}`);
    expect($((await admin.get(response.headers.location)).text)('.flash').text()).toBe('Ravi Shah is now deactivated and logged out everywhere.');
    expect((await session.get('/patient')).headers.location).toBe('/login?next=%2Fpatient');
    expect(await logInStatus(patient)).toBe(403);
    const row = rowIn(await findOnPages(admin, usersPage('patient'), rowOf(patient)));
    expect(row('.badge-inactive').text()).toBe('inactive');
    expect(row('button').text().trim()).toBe('Reactivate');

    await setActive(patient, 'reactivate');
    expect($((await admin.get(`/admin/users/${patient.id}`)).text)('.flash').text()).toBe('Ravi Shah is now active.');
    expect(await logInStatus(patient)).toBe(303);
  });

  it('does not let an admin deactivate their own account', async () => {
    const me = await anAdmin(deps);
    const agent = await signIn(app, me.email);
    const response = await setActive(me, 'deactivate', agent);

    expect(response.status).toBe(400);
    expect(messages(response.text)).toContain('You cannot deactivate your own account.');
    expect(await statusOf(me)).toBe('active');
    await agent.get('/admin').expect(200);
    expect(rowIn(await findOnPages(agent, usersPage('admin'), rowOf(me)))('form')).toHaveLength(0);
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'not-a-user-id'],
  ])('answers 404 for %s', async (_case, id) => {
    for (const verb of ['deactivate', 'reactivate'] as const) {
      const response = await setActive({ id, role: 'patient' }, verb);
      expect(response.status).toBe(404);
      expect(messages(response.text)).toContain('There is no user with that id.');
    }
    expect((await submit(admin, '/admin/doctors', `/admin/doctors/${id}/approve`, {})).status).toBe(404);
  });
});

describe('paging the user lists', () => {
  const nextPageOf = (html: string) => {
    const page = $(html);
    return page('a.button').filter((_i, a) => page(a).text().trim() === 'Next page').attr('href');
  };
  const emailsOn = (html: string) => {
    const page = $(html);
    return page('tr[data-testid^="user-"]').map((_i, tr) => page(tr).attr('data-testid')!.slice('user-'.length)).get();
  };

  it('puts no name in the next-page link, and the link still leads on to the next page', async () => {
    // More patients than one page holds, whatever else this run has made.
    for (let batch = 0; batch < 6; batch += 1) {
      await Promise.all(Array.from({ length: 9 }, () => aPatient(deps, { firstName: 'Paged', lastName: `Pager${uniqueLetters(6)}` })));
    }

    const first = await admin.get(usersPage('patient')).expect(200);
    const next = nextPageOf(first.text)!;
    const cursor = new URL(next, 'http://x').searchParams.get('cursor')!;
    const lastShown = (await getUserByEmail(deps.db, emailsOn(first.text).at(-1)!))!;
    expect(emailsOn(first.text)).toHaveLength(50);
    for (const text of [next, cursor, Buffer.from(cursor, 'base64url').toString('latin1')]) {
      expect(text.toLowerCase()).not.toContain(lastShown.lastName.toLowerCase());
      expect(text).not.toContain(lastShown.id);
    }

    const second = await admin.get(next).expect(200);
    expect(emailsOn(second.text).length).toBeGreaterThan(0);
    expect(emailsOn(second.text).filter((email) => emailsOn(first.text).includes(email))).toEqual([]);
  });

  it.each([
    ['garbage', () => 'not-a-cursor'],
    ['an edited cursor (the old readable form)', () => Buffer.from(JSON.stringify({ pk: 'USER#x', sk: 'PROFILE', gsi1pk: 'ROLE#patient', gsi1sk: 'a#b#x' })).toString('base64url')],
  ])('answers 400, not a server error, for %s', async (_label, cursorOf) => {
    for (const list of [usersPage('patient'), '/admin/doctors?status=approved']) {
      const response = await admin.get(`${list}&cursor=${cursorOf()}`);
      expect(response.status).toBe(400);
      expect(messages(response.text)).toContain('That page link is not valid');
    }
  });

  it("answers 400 for one list's cursor on another list", async () => {
    const next = nextPageOf((await admin.get(usersPage('patient')).expect(200)).text)!;
    const cursor = new URL(next, 'http://x').searchParams.get('cursor')!;

    const response = await admin.get(`${usersPage('doctor')}&cursor=${cursor}`);

    expect(response.status).toBe(400);
    expect(messages(response.text)).toContain('That page link is not valid');
  });
});

describe('the hospital directory', () => {
  it('re-renders the hospital form with 422 and a message per field', async () => {
    const response = await submit(admin, '/admin/hospitals', '/admin/hospitals', { name: '', city: 'X', address: 'abc', phone: '1' });

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-name-error').text()).toBe('Enter the hospital name');
    expect(page('#f-city-error').text()).toBe('Enter the city');
    expect(page('#f-address-error').text()).toBe('Enter the full address');
    expect(page('#f-phone-error').text()).toBe('Enter a phone number patients can call, like +91 20 1234 5678');
    expect(page('#f-address').val()).toBe('abc');
  });

  it.each([
    ['too few digits', '12345'],
    ['letters', 'call reception'],
    ['a number no plan has', '+91 12345'],
  ])('refuses a hospital phone with %s, adding nothing', async (_case, phone) => {
    const name = `Phone ${uniqueLetters()} Hospital`;
    const response = await submit(admin, '/admin/hospitals', '/admin/hospitals', { name, city: 'Nagpur', address: '12 Lake Road', phone });

    expect(response.status).toBe(422);
    expect($(response.text)('#f-phone-error').text()).toBe('Enter a phone number patients can call, like +91 20 1234 5678');
    expect($((await admin.get('/admin/hospitals')).text)('main h2').text()).not.toContain(name);
  });

  it('stores a hospital phone in international form and shows it formatted', async () => {
    const name = `Dialled ${uniqueLetters()} Hospital`;
    expect((await submit(admin, '/admin/hospitals', '/admin/hospitals', { name, city: 'Pune', address: '5 Hill Road', phone: '020 2612 3456' })).status).toBe(303);

    expect((await getHospital(deps.db, slugify(name)))?.phone).toBe('+912026123456');
    const page = $((await admin.get('/admin/hospitals')).text);
    const card = page('main article').filter((_i, el) => page(el).find('h2').text() === name);
    expect(card.find('.muted').text()).toContain('+91 20 2612 3456');
  });

  it('adds a hospital to the list and to the doctor registration form', async () => {
    const name = `Sunrise ${uniqueLetters()} Hospital`;
    const response = await submit(admin, '/admin/hospitals', '/admin/hospitals', { name, city: 'Nagpur', address: '12 Lake Road', phone: '+917122345678' });

    expect(response.headers.location).toBe('/admin/hospitals');
    const page = $((await admin.get('/admin/hospitals')).text);
    expect(page('.flash').text()).toBe('Hospital added.');
    expect(page('main h2').map((_i, h) => page(h).text()).get()).toContain(name);
    expect($((await request(app).get('/register/doctor')).text)('#f-hospitalId option').text()).toContain(`${name}, Nagpur`);
  });

  it.each([
    ['a one-letter name', { name: 'X', description: 'A perfectly fine description' }, 'name', 'Enter the specialty name'],
    ['digits in the name', { name: 'Cardio 2', description: 'A perfectly fine description' }, 'name', 'Use letters, spaces, & and - only'],
    ['a short description', { name: 'Podiatry', description: 'Feet' }, 'description', 'Describe it in at least 10 characters'],
  ])('refuses a specialty with %s with 422 and says why', async (_case, fields, field, message) => {
    const response = await submit(admin, '/admin/specialties', '/admin/specialties', fields);

    expect(response.status).toBe(422);
    expect($(response.text)(`#f-${field}-error`).text()).toBe(message);
  });

  it('refuses the same hospital name twice, keeping the form and saying why', async () => {
    const name = `Lakeside ${uniqueLetters()} Hospital`;
    const fields = { name, city: 'Nagpur', address: '12 Lake Road', phone: '+917122345678' };
    expect((await submit(admin, '/admin/hospitals', '/admin/hospitals', fields)).status).toBe(303);

    const again = await submit(admin, '/admin/hospitals', '/admin/hospitals', { ...fields, name: name.toUpperCase() });
    expect(again.status).toBe(409);
    const page = $(again.text);
    expect(page('#f-name-error').text()).toBe('A hospital with this name already exists.');
    expect(page('#f-name').val()).toBe(name.toUpperCase());
    const list = $((await admin.get('/admin/hospitals')).text);
    expect(list('main h2').map((_i, h) => list(h).text()).get().filter((n) => n.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  });

  it('adds a specialty doctors can then choose, and refuses the same one twice without a server error', async () => {
    const name = `Neuro ${uniqueLetters()}`;
    const fields = { name, description: 'Brain, spine and nerves' };
    expect((await submit(admin, '/admin/specialties', '/admin/specialties', fields)).headers.location).toBe('/admin/specialties');
    const page = $((await admin.get('/admin/specialties')).text);
    expect(page('.flash').text()).toBe('Specialty added.');
    expect(page('main h2').map((_i, h) => page(h).text()).get()).toContain(name);
    expect($((await request(app).get('/register/doctor')).text)('#f-specialty option').text()).toContain(name);

    for (const again of [fields, { ...fields, name: name.toUpperCase() }]) {
      const response = await submit(admin, '/admin/specialties', '/admin/specialties', again);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(messages(response.text)).toContain('This specialty already exists.');
    }
    const after = $((await admin.get('/admin/specialties')).text);
    expect(after('main h2').map((_i, h) => after(h).text()).get().filter((n) => n.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  });
});
