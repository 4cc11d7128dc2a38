/**
 * A patient keeps their own profile: personal details, health details their doctors see, and an
 * emergency contact. A save from a form drawn before the account changed is refused; health
 * details reach only doctors the patient has a visit with.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { createSpecialty } from '../../../src/directory';
import { getUserById, updateUser, type User } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = deps.config.timeZone;

/** The form as the patient would fill it in, on top of what the page shows. */
async function formOf(agent: Awaited<ReturnType<typeof signIn>>, overrides: Record<string, string> = {}) {
  const page = $((await agent.get('/account/profile').expect(200)).text);
  const values: Record<string, string> = {};
  page('form[action="/account/profile"] [name]').each((_i, el) => {
    const name = page(el).attr('name')!;
    if (name !== '_csrf') values[name] = el.tagName === 'textarea' ? page(el).text() : String(page(el).val() ?? '');
  });
  return { ...values, ...overrides };
}

const FILLED = {
  firstName: 'Asha',
  lastName: 'Rao',
  dateOfBirth: '1984-02-29',
  gender: 'female',
  bloodGroup: 'O-',
  address: '12 Lake Road\r\nBengaluru 560001',
  allergies: 'Penicillin: rash\r\n\r\n  Peanuts  ',
  conditions: 'Asthma',
  medicines: 'Salbutamol inhaler when needed',
  emergencyName: 'Ravi Rao',
  emergencyRelationship: 'Husband',
  emergencyPhone: '098765 43210',
};

describe("a patient's profile", () => {
  it('is saved from the form and shown again as saved, health details one a line', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const account = $((await agent.get('/account').expect(200)).text);
    expect(account('a[href="/account/profile"]').text()).toBe('Edit your profile');

    const saved = await submit(agent, '/account/profile', '/account/profile', await formOf(agent, FILLED));
    expect([saved.status, saved.headers.location]).toEqual([303, '/account']);
    expect(messages((await agent.get('/account')).text)).toContain('Your profile is saved.');

    const stored = (await getUserById(deps.db, patient.id))!;
    expect(stored).toMatchObject({
      firstName: 'Asha',
      lastName: 'Rao',
      dateOfBirth: '1984-02-29',
      bloodGroup: 'O-',
      address: '12 Lake Road\nBengaluru 560001',
      health: { allergies: ['Penicillin: rash', 'Peanuts'], conditions: ['Asthma'], medicines: ['Salbutamol inhaler when needed'] },
      emergencyContact: { name: 'Ravi Rao', relationship: 'Husband', phone: '+919876543210' },
      version: patient.version + 1,
    });
    const again = $((await agent.get('/account/profile')).text);
    expect(again('#f-allergies').text()).toBe('Penicillin: rash\nPeanuts');
    expect(again('#f-emergencyPhone').val()).toBe('+919876543210');
    expect($((await agent.get('/account')).text)('[data-testid=account-name]').text()).toBe('Asha Rao');
  });

  it('is re-shown with a message on each wrong field and the values typed, and nothing is saved', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const tooMany = Array.from({ length: 21 }, (_v, i) => `Allergy ${i + 1}`).join('\n');

    const refused = await submit(agent, '/account/profile', '/account/profile', await formOf(agent, {
      firstName: 'Asha',
      dateOfBirth: '2999-01-01',
      allergies: tooMany,
      medicines: 'x'.repeat(121),
      emergencyName: 'Ravi Rao',
      emergencyPhone: '12345',
    }));

    expect(refused.status).toBe(422);
    const page = $(refused.text);
    expect(page('#f-dateOfBirth-error').text()).toBe('Date of birth must be in the past');
    expect(page('#f-allergies-error').text()).toBe('List at most 20 allergies, one a line');
    expect(page('#f-medicines-error').text()).toBe('Keep each line of medicines under 120 characters');
    expect(page('#f-emergencyPhone-error').text()).toBe('Enter a valid mobile number, like +91 98765 43210');
    expect(page('#f-firstName').val()).toBe('Asha');
    expect(page('#f-allergies').text()).toBe(tooMany);
    expect(await getUserById(deps.db, patient.id)).toEqual(patient);
  });

  it('asks for the whole emergency contact once part of it is given', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);

    const refused = await submit(agent, '/account/profile', '/account/profile', await formOf(agent, { emergencyName: 'Ravi Rao' }));

    expect(refused.status).toBe(422);
    expect($(refused.text)('#f-emergencyRelationship-error').text()).toBe('Say how they are related to you, like "wife" or "friend"');
    expect($(refused.text)('#f-emergencyPhone-error').text()).toBe('Enter their phone number');
    expect((await getUserById(deps.db, patient.id))!.emergencyContact).toBeUndefined();
  });

  it('is refused with 409 when the account changed after the form was opened, and the change made meanwhile stays', async () => {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const form = await formOf(agent, { firstName: 'Stale' });
    const changed = await updateUser(deps.db, patient, { smsNotifications: false });

    const refused = await submit(agent, '/account/profile', '/account/profile', form);

    expect(refused.status).toBe(409);
    expect(messages(refused.text)).toContain('This account was changed by someone else. Reload and try again.');
    expect(await getUserById(deps.db, patient.id)).toEqual(changed);
  });

  it('belongs to patients: doctors and admins have no profile form here', async () => {
    const doctor = await aDoctor(deps);
    const agent = await signIn(app, doctor.email);
    expect((await agent.get('/account/profile')).status).toBe(403);
    expect($((await agent.get('/account')).text)('a[href="/account/profile"]')).toHaveLength(0);
  });
});

describe("the patient's health details on a visit", () => {
  async function aVisit(patient: User) {
    const specialty = `prof-${randomUUID().slice(0, 8)}`;
    await createSpecialty(deps.db, { slug: specialty, name: `Profile ${specialty}`, description: 'For the profile tests' });
    const doctor = await aDoctor(deps, { doctor: { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 9, consultationFee: 600, approval: 'approved' } });
    await savePlan(deps.db, doctor.id, { slotMinutes: 20, days: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '09:00', end: '12:00' }]])) }, 0);
    const start = DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days: 4 }).toISODate()}T09:20`, { zone }).toUTC().toISO()!;
    const result = await bookAppointment(deps, { patient, doctorId: doctor.id, start, reason: 'Wheezing at night', idempotencyKey: randomUUID() });
    if (result.kind !== 'booked') throw new Error(`could not book: ${result.kind}`);
    return { doctor, appointment: result.appointment };
  }

  async function aPatientWithProfile() {
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    await submit(agent, '/account/profile', '/account/profile', await formOf(agent, FILLED));
    return patient;
  }

  it("are shown to the visit's doctor on the visit page", async () => {
    const patient = await aPatientWithProfile();
    const { doctor, appointment } = await aVisit(patient);

    const page = $((await (await signIn(app, doctor.email)).get(`/appointments/${appointment.id}`).expect(200)).text);

    expect(page('[data-testid=patient-born]').text()).toMatch(/^29 Feb 1984 \(age \d+\)$/);
    expect(page('[data-testid=patient-allergies] li').map((_i, el) => page(el).text()).get()).toEqual(['Penicillin: rash', 'Peanuts']);
    expect(page('[data-testid=patient-conditions]').text().trim()).toBe('Asthma');
    expect(page('[data-testid=patient-medicines]').text().trim()).toBe('Salbutamol inhaler when needed');
    expect(page('[data-testid=patient-emergency-contact]').text().trim()).toBe('Ravi Rao (Husband), +91 98765 43210');
  });

  it('say "None given" for a patient who wrote none', async () => {
    const { doctor, appointment } = await aVisit(await aPatient(deps));
    const page = $((await (await signIn(app, doctor.email)).get(`/appointments/${appointment.id}`).expect(200)).text);
    expect(page('[data-testid=patient-allergies]').text().trim()).toBe('None given');
  });

  it('are not shown to a doctor without a visit with the patient, nor on the patient\'s or an admin\'s view of the visit', async () => {
    const patient = await aPatientWithProfile();
    const { appointment } = await aVisit(patient);
    const stranger = await aDoctor(deps);

    const denied = await (await signIn(app, stranger.email)).get(`/appointments/${appointment.id}`);
    expect(denied.status).toBe(404);
    expect(denied.text).not.toContain('Penicillin');
    const own = await (await signIn(app, patient.email)).get(`/appointments/${appointment.id}`).expect(200);
    expect($(own.text)('[data-testid=patient-health]')).toHaveLength(0);
  });
});
