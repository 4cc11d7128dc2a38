/**
 * The admin's page of one account: who they are and how to reach them, never their medical
 * details; opening a patient's is audited; deactivating there ends their sessions at once.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { queryEvents } from '../../../src/audit';
import { getUserById } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp, settleBackground } from '../../helpers/app';
import { $, messages, signIn, submit, type Agent } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp();
let admin: Agent;
let adminId: string;

beforeAll(async () => {
  await ensureCityGeneralCardiology(deps);
  const me = await anAdmin(deps);
  adminId = me.id;
  admin = await signIn(app, me.email);
});

const userPage = (id: string) => `/admin/users/${id}`;
const factsOf = (html: string, testId: string) => {
  const page = $(html);
  const dl = page(`[data-testid="${testId}"]`);
  return Object.fromEntries(dl.find('dt').map((_i, dt) => [[page(dt).text().trim(), page(dt).next('dd').text().trim()]]).get() as [string, string][]);
};
const adminEventsOn = async (resourceId: string) => (await queryEvents(deps.db, { by: 'actor', value: adminId }, 100)).events.filter((e) => e.resourceId === resourceId);

describe("a patient's account page", () => {
  it('shows the account facts and none of the medical details the patient gave', async () => {
    const patient = await aPatient(deps, {
      firstName: 'Meera',
      lastName: 'Iyer',
      bloodGroup: 'AB-',
      address: '7 Secret Lane, Chennai',
      health: { allergies: ['Penicillinallergy'], conditions: ['Asthmacondition'], medicines: ['Salbutamolmedicine'] },
      emergencyContact: { name: 'Ravi Emergencyname', relationship: 'brother', phone: '+919812345678' },
    });
    const response = await admin.get(userPage(patient.id)).expect(200);

    expect($(response.text)('h1').text().trim()).toBe('Meera Iyer');
    expect(factsOf(response.text, 'account-facts')).toMatchObject({ Role: 'Patient', 'E-mail': patient.email, Status: 'Active: can sign in' });
    expect($(response.text)('[data-testid="account-status"]').text()).toBe('Active');
    for (const secret of ['Secret Lane', 'Penicillinallergy', 'Asthmacondition', 'Salbutamolmedicine', 'Emergencyname', 'AB-', '1990-05-17']) expect(response.text).not.toContain(secret);
  });

  it('is recorded in the audit trail as an admin viewing the account', async () => {
    const patient = await aPatient(deps);
    await admin.get(userPage(patient.id)).expect(200);
    const events = (await queryEvents(deps.db, { by: 'patient', value: patient.id }, 10)).events;
    expect(events).toEqual([expect.objectContaining({ actorUserId: adminId, actorRole: 'admin', action: 'view', resourceType: 'account', resourceId: patient.id, outcome: 'allowed' })]);
  });
});

describe("a doctor's account page", () => {
  it('shows their practice by name and approval, and is not a patient access', async () => {
    const doctor = await aDoctor(deps, { firstName: 'Kabir', lastName: 'Sen' });
    const response = await admin.get(userPage(doctor.id)).expect(200);
    expect($(response.text)('h1').text().trim()).toBe('Dr Kabir Sen');
    expect(factsOf(response.text, 'doctor-facts')).toMatchObject({ Approval: 'Approved', Specialty: 'Cardiology', Hospital: 'City General Hospital' });
    // The practice's hospital does not replace the site's name in the header.
    expect($(response.text)('.brand').text()).toBe($((await admin.get('/admin')).text)('.brand').text());
    expect($(response.text)(`a[href="/admin/doctors/${doctor.id}/schedule"]`)).toHaveLength(1);
    expect(await adminEventsOn(doctor.id)).toEqual([]);
  });

  it('links a doctor awaiting approval to the review', async () => {
    const doctor = await aDoctor(deps, { doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 1, consultationFee: 300, approval: 'pending' } });
    const response = await admin.get(userPage(doctor.id)).expect(200);
    expect(factsOf(response.text, 'doctor-facts').Approval).toBe('Awaiting approval');
    expect($(response.text)('a[href="/admin/doctors?status=pending"]').text()).toBe('Review the registration');
  });
});

describe('deactivating from the account page', () => {
  it("rejects the user's open session at its next request, refuses their log-in, and says so on the page", async () => {
    const patient = await aPatient(deps, { firstName: 'Tara', lastName: 'Bose' });
    const session = await signIn(app, patient.email);
    await session.get('/patient').expect(200);

    const response = await submit(admin, userPage(patient.id), `${userPage(patient.id)}/deactivate`, {});
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(userPage(patient.id));

    expect((await session.get('/patient')).headers.location).toBe('/login?next=%2Fpatient');
    expect((await submit(request.agent(app), '/login', '/login', { identifier: patient.email, password: PASSWORD })).status).toBe(403);
    const stored = (await getUserById(deps.db, patient.id))!;
    expect([stored.status, stored.sessionEpoch]).toEqual(['inactive', patient.sessionEpoch + 1]);

    const page = await admin.get(userPage(patient.id)).expect(200);
    expect($(page.text)('.flash').text()).toBe('Tara Bose is now deactivated and logged out everywhere.');
    expect($(page.text)('[data-testid="account-status"]').text()).toBe('Deactivated');
    expect($(page.text)(`form[action="${userPage(patient.id)}/reactivate"] button`).text()).toBe('Reactivate account');

    await submit(admin, userPage(patient.id), `${userPage(patient.id)}/reactivate`, {});
    expect((await submit(request.agent(app), '/login', '/login', { identifier: patient.email, password: PASSWORD })).status).toBe(303);
    // The session ended by the deactivation stays ended.
    expect((await session.get('/patient')).headers.location).toBe('/login?next=%2Fpatient');
  });

  it('offers no deactivation on the admin’s own page', async () => {
    const page = await admin.get(userPage(adminId)).expect(200);
    expect($(page.text)('form[action$="/deactivate"]')).toHaveLength(0);
    expect(messages(page.text)).toContain('This is your own account.');
  });
});

describe('an account that is not there', () => {
  it.each([['an unknown id', randomUUID()], ['a malformed id', 'not-a-user']])('answers 404 for %s', async (_case, id) => {
    const response = await admin.get(userPage(id));
    expect(response.status).toBe(404);
    expect(messages(response.text)).toContain('There is no user with that id.');
  });
});

describe("a staff member's account page", () => {
  it('shows their two-step sign-in with a reset that returns here, and their recent sign-ins', async () => {
    const other = await anAdmin(deps);
    await submit(request.agent(app), '/login', '/login', { identifier: other.email, password: 'not the password' });
    await signIn(app, other.email);
    await settleBackground();

    const before = $((await admin.get(userPage(other.id)).expect(200)).text);
    expect(before('[data-testid="user-mfa"]').text()).toContain('Two-step on');
    expect(before('[data-testid="sign-ins"] tbody tr').map((_i, row) => before(row).find('td').eq(1).text().trim()).get()).toEqual([
      'Signed in with a code',
      'Password right, code asked',
      'Wrong password',
    ]);

    const reset = await submit(admin, userPage(other.id), `/admin/users/${other.id}/mfa/reset`, { back: userPage(other.id) });
    expect(reset.headers.location).toBe(userPage(other.id));
    const after = $((await admin.get(userPage(other.id)).expect(200)).text);
    expect(after('[data-testid="user-mfa"]').text()).toContain('Two-step off');
    expect((await getUserById(deps.db, other.id))?.mfaEnabledAt).toBeUndefined();
  });

  it("shows no two-step section on a patient's page", async () => {
    const patient = await aPatient(deps);
    const page = $((await admin.get(userPage(patient.id)).expect(200)).text);
    expect(page('[data-testid="user-mfa"]')).toHaveLength(0);
    expect(page('#mfa-title')).toHaveLength(0);
  });
});
