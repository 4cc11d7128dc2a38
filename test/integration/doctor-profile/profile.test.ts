/** A doctor edits what patients read about them: introduction, qualifications, languages. */
import request from 'supertest';
import { getUserById } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { aDoctorWithPlan, uniqueSpecialty } from '../../helpers/appointments';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { $, messages, signIn, submit } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const PAGE = '/doctor/profile';
const PROFILE = {
  bio: 'I look after hearts of every age.\nI explain every test before we do it.',
  qualifications: 'MBBS, MD (Cardiology), DM',
  languages: 'English, Hindi,  marathi, english',
};

beforeAll(() => ensureCityGeneralCardiology(deps));

const cardOf = async (specialty: string) => {
  const page = $((await request(app).get(`/doctors?specialty=${specialty}`)).text);
  return page('[data-testid=doctor-card]');
};

describe("a doctor's public profile", () => {
  it('is saved and shown on the doctors page and where patients book the doctor', async () => {
    const specialty = uniqueSpecialty('profile');
    const doctor = await aDoctorWithPlan(deps, specialty);
    const agent = await signIn(app, doctor.email);

    const response = await submit(agent, PAGE, PAGE, PROFILE);

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(PAGE);
    const page = $((await agent.get(PAGE)).text);
    expect(page('.flash-success').text()).toBe('Your profile is saved. Patients see it on the doctors page.');
    expect(page('#f-languages').val()).toBe('English, Hindi, marathi');
    expect(page('#f-bio').text()).toBe(PROFILE.bio);
    const card = await cardOf(specialty);
    expect(card.find('[data-testid=doctor-bio]').text()).toBe(PROFILE.bio);
    expect(card.find('[data-testid=doctor-languages]').text().replace(/\s+/g, ' ')).toBe('Speaks English, Hindi, marathi');
    expect(card.find('dd').text()).toContain('MBBS, MD (Cardiology), DM');
    expect(card.find('.doctor-initials').text()).toBe('TD');

    const patient = await signIn(app, (await aPatient(deps)).email);
    const booking = $((await patient.get(`/appointments/new?doctorId=${doctor.id}`)).text);
    expect(booking('[data-testid=chosen-doctor] [data-testid=doctor-bio]').text()).toBe(PROFILE.bio);
  });

  it('refuses a bad profile with 422 and a message per field, keeping what was typed and changing nothing', async () => {
    const doctor = await aDoctor(deps);
    const agent = await signIn(app, doctor.email);

    const response = await submit(agent, PAGE, PAGE, { bio: 'x'.repeat(1001), qualifications: '', languages: 'English, <b>Hindi</b>' });

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-bio-error').text()).toBe('Keep your introduction under 1000 characters');
    expect(page('#f-qualifications-error').text()).toBe('Enter your qualifications, like MBBS, MD (Cardiology)');
    expect(page('#f-languages-error').text()).toBe('Write the languages you speak as words separated by commas, like English, Hindi');
    expect(page('#f-languages').val()).toBe('English, <b>Hindi</b>');
    expect((await getUserById(deps.db, doctor.id))!.doctor).toEqual(doctor.doctor);
  });

  it("is the signed-in doctor's own: another doctor's save changes only theirs", async () => {
    const [doctor, other] = [await aDoctor(deps), await aDoctor(deps)];
    const agent = await signIn(app, other.email);

    expect((await submit(agent, PAGE, PAGE, { ...PROFILE, doctorId: doctor.id, userId: doctor.id })).status).toBe(303);

    expect((await getUserById(deps.db, doctor.id))!.doctor).toEqual(doctor.doctor);
    expect((await getUserById(deps.db, other.id))!.doctor?.bio).toBe(PROFILE.bio);
  });

  it('keeps the approval and the rest of the doctor record as they were', async () => {
    const doctor = await aDoctor(deps);
    const agent = await signIn(app, doctor.email);

    await submit(agent, PAGE, PAGE, { ...PROFILE, approval: 'approved', consultationFee: '1', specialty: 'other' });

    const saved = (await getUserById(deps.db, doctor.id))!.doctor!;
    expect(saved).toEqual({ ...doctor.doctor, bio: PROFILE.bio, qualifications: PROFILE.qualifications, languages: ['English', 'Hindi', 'marathi'] });
  });

  it('is open to a doctor awaiting approval, and to no patient', async () => {
    const pending = await aDoctor(deps, { doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 1, consultationFee: 300, approval: 'pending' } });
    expect((await (await signIn(app, pending.email)).get(PAGE)).status).toBe(200);

    const patient = await signIn(app, (await aPatient(deps)).email);
    const refused = await submit(patient, '/patient', PAGE, PROFILE);
    expect(refused.status).toBe(403);
    expect(messages(refused.text)).toContain('You do not have access to this page.');
    expect((await request(app).get(PAGE)).headers.location).toBe(`/login?next=${encodeURIComponent(PAGE)}`);
  });
});
