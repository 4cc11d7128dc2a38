import request from 'supertest';
import { listInbox } from '../../../src/notifications/inbox';
import { getUserByEmail, getUserById, type User } from '../../../src/users';
import { doctorForm, ensureCityGeneralCardiology, NEW_PASSWORD, tokenOf } from '../../helpers/accounts';
import { findOnPages, signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { linkFrom, mailsTo, pathOf } from '../../helpers/mailbox';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
let admin: Agent;

beforeAll(async () => {
  await ensureCityGeneralCardiology(deps);
  admin = await signedInAdmin(app, deps);
});

const PENDING = '/admin/doctors?status=pending';
const register = (fields: Record<string, string>) => submit(request.agent(app), '/register/doctor', '/register/doctor', fields);
const decide = (doctor: Pick<User, 'id'>, verb: 'approve' | 'reject', fields: Record<string, string> = {}, by = admin) =>
  submit(by, PENDING, `/admin/doctors/${doctor.id}/${verb}`, fields);
const flashOn = async (agent: Agent, url: string) => $((await agent.get(url)).text)('.flash').text();
// mailsTo waits until the whole notification is delivered, so its inbox entry is there by then.
const inboxOf = async (user: Pick<User, 'id'>) => (await listInbox(deps.db, user.id)).map((entry) => [entry.title, entry.link]);
const pendingDoctor = () => aDoctor(deps, { lastName: 'Rao', doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 3, consultationFee: 500, approval: 'pending' } });

describe('registering as a doctor', () => {
  it('refuses a specialty or hospital that is not in the directory, keeping what was typed', async () => {
    const form = doctorForm({ specialty: 'astrology', hospitalId: 'nowhere-general' });
    const response = await register(form);

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-specialty-error').text()).toBe('Choose a specialty from the list');
    expect(page('#f-hospitalId-error').text()).toBe('Choose a hospital from the list');
    expect(page('#f-qualifications').val()).toBe('MBBS, MD (Cardiology)');
    expect(await getUserByEmail(deps.db, form.email)).toBeUndefined();
    expect(await mailsTo(form.email)).toHaveLength(0);
  });

  it('refuses negative experience and missing qualifications', async () => {
    const form = doctorForm({ yearsOfExperience: '-1', qualifications: '' });
    const response = await register(form);

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-yearsOfExperience-error').text()).toBe('Years of experience cannot be negative');
    expect(page('#f-qualifications-error').text()).toBe('List your qualifications, like MBBS, MD');
    expect(await getUserByEmail(deps.db, form.email)).toBeUndefined();
  });

  it('waits for an admin after confirming the e-mail, and sees the dashboard once approved', async () => {
    const form = doctorForm();
    expect((await register(form)).headers.location).toBe('/login');
    const stored = await getUserByEmail(deps.db, form.email);
    expect(stored).toMatchObject({ role: 'doctor', emailVerified: false, doctor: { approval: 'pending', specialty: 'cardiology', yearsOfExperience: 12 } });
    const link = await linkFrom(form.email, /^Confirm your e-mail address$/);
    await submit(request.agent(app), pathOf(link), '/verify-email', { token: tokenOf(link) });

    const doctor = await signIn(app, form.email, NEW_PASSWORD);
    const waiting = $((await doctor.get('/doctor').expect(200)).text);
    expect(waiting('main h1').text()).toBe('Thanks, Dr Rao — almost there');
    expect(waiting('main').text()).toContain('Cardiology');
    expect(waiting('main').text()).toContain('City General Hospital');
    expect(waiting('[data-day-stats]')).toHaveLength(0);

    const card = await findOnPages(admin, PENDING, `[data-testid="doctor-${form.email}"]`);
    expect(card).toContain('MBBS, MD (Cardiology)');
    expect((await decide(stored!, 'approve')).headers.location).toBe(PENDING);
    expect(await flashOn(admin, PENDING)).toBe('Dr Arjun Rao is approved and has been told by e-mail.');
    const approval = (await mailsTo(form.email)).find((m) => m.subject === 'Your MedTrack doctor account is approved');
    expect(approval?.body.text).toContain('http://medtrack.test/doctor');
    expect(await inboxOf(stored!)).toEqual([['Doctor account approved', '/doctor']]);
    expect($((await doctor.get('/doctor').expect(200)).text)('main .lede').text()).toMatch(/Dr \S+ Rao$/);
    expect(await findOnPages(admin, '/admin/doctors?status=approved', `[data-testid="doctor-${form.email}"]`)).toBeDefined();
  });
});

describe('an admin deciding on a doctor', () => {
  it('rejecting with a reason tells the doctor why, by e-mail and on their page', async () => {
    const pending = await pendingDoctor();
    const reason = 'We could not verify your medical council registration number.';
    expect((await decide(pending, 'reject', { reason })).status).toBe(303);

    expect(await flashOn(admin, PENDING)).toBe("Dr Test Rao's registration was rejected; they have been told why.");
    const [mail] = await mailsTo(pending.email);
    expect(mail.subject).toBe('About your MedTrack doctor registration');
    expect(mail.body.text).toContain(reason);
    expect(await inboxOf(pending)).toEqual([['Registration not approved', '/doctor']]);
    const page = $((await (await signIn(app, pending.email)).get('/doctor').expect(200)).text);
    expect(page('main h1').text()).toBe('Your registration was not approved');
    expect(page('main blockquote').text()).toBe(reason);
    expect(await findOnPages(admin, '/admin/doctors?status=rejected', `[data-testid="doctor-${pending.email}"]`)).toContain(reason);
  });

  it.each([
    ['an empty reason', ''],
    ['a reason under 5 characters', '  no  '],
  ])('rejecting with %s keeps the doctor pending and asks for a reason', async (_case, reason) => {
    const pending = await pendingDoctor();
    const response = await decide(pending, 'reject', { reason });

    expect(response.headers.location).toBe(PENDING);
    expect($((await admin.get(PENDING)).text)('.flash-error').text()).toBe('Give a reason of at least 5 characters');
    expect((await getUserById(deps.db, pending.id))!.doctor!.approval).toBe('pending');
    expect(await mailsTo(pending.email)).toHaveLength(0);
  });

  it('refuses a second decision with 409, and mails the doctor only once', async () => {
    const pending = await pendingDoctor();
    await decide(pending, 'approve');
    const again = await decide(pending, 'approve');
    const reject = await decide(pending, 'reject', { reason: 'Changed our mind about this.' });

    expect([again.status, reject.status]).toEqual([409, 409]);
    expect(messages(reject.text)).toContain('This doctor was already approved.');
    expect((await getUserById(deps.db, pending.id))!.doctor!.approval).toBe('approved');
    expect(await mailsTo(pending.email)).toHaveLength(1);
  });

  it('lets only one of two admins deciding at the same moment win', async () => {
    const [pending, otherAdmin] = await Promise.all([pendingDoctor(), signedInAdmin(app, deps)]);
    const reason = 'Registration could not be verified.';
    const responses = await Promise.all([decide(pending, 'approve'), decide(pending, 'reject', { reason }, otherAdmin)]);

    expect(responses.map((r) => r.status).sort()).toEqual([303, 409]);
    const decision = (await getUserById(deps.db, pending.id))!.doctor!.approval;
    expect(decision).toBe(responses[0].status === 303 ? 'approved' : 'rejected');
    expect(await mailsTo(pending.email)).toHaveLength(1);
    expect(await inboxOf(pending)).toHaveLength(1);
  });

  it('answers 404 for an id that is not a doctor', async () => {
    const patient = await aPatient(deps);
    const response = await decide(patient, 'approve');

    expect(response.status).toBe(404);
    expect(messages(response.text)).toContain('There is no doctor with that id.');
    expect((await getUserById(deps.db, patient.id))!.doctor).toBeUndefined();
  });
});
