/**
 * A doctor's photo: uploaded as a multipart form (CSRF token in the body), checked by its bytes,
 * kept in the bucket and served by the app with its type, a long cache for its versioned URL and
 * no sniffing. Every bad upload is a 4xx with a message, and leaves the profile as it was.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import request from 'supertest';
import { PHOTO_FOLDER } from '../../../src/doctor-profile';
import { getUserById, type User } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { aDoctorWithPlan, uniqueSpecialty } from '../../helpers/appointments';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { $, csrfFrom, messages, signIn, type Agent } from '../../helpers/http';
import { OVERSIZED_PNG, TINY_PNG, TINY_WEBP } from '../../helpers/images';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const PAGE = '/doctor/profile';
const UPLOAD = '/doctor/profile/photo';

beforeAll(() => ensureCityGeneralCardiology(deps));

/** Posts the photo form as a browser does: multipart, the token first, then the file. */
async function upload(agent: Agent, bytes: Buffer, filename = 'me.png', contentType = 'image/png', token?: string) {
  const _csrf = token ?? (await csrfFrom(agent, PAGE));
  return agent.post(UPLOAD).field('_csrf', _csrf).attach('photo', bytes, { filename, contentType });
}

const photoOf = async (user: User) => (await getUserById(deps.db, user.id))!.doctor!.photo;
const stored = (user: User, photoId: string) =>
  deps.storage.client.send(new HeadObjectCommand({ Bucket: deps.storage.bucket, Key: `${PHOTO_FOLDER}/${user.id}/${photoId}` })).then(
    () => true,
    () => false,
  );

async function aSignedInDoctor() {
  const specialty = uniqueSpecialty('photo');
  const doctor = await aDoctorWithPlan(deps, specialty);
  return { doctor, specialty, agent: await signIn(app, doctor.email) };
}

describe("a doctor's photo", () => {
  it('is accepted as a real PNG, shown on the doctors page and served back with its type', async () => {
    const { doctor, specialty, agent } = await aSignedInDoctor();

    const response = await upload(agent, TINY_PNG);

    expect(response.status).toBe(303);
    expect($((await agent.get(PAGE)).text)('.flash-success').text()).toBe('Your photo is saved.');
    const photo = (await photoOf(doctor))!;
    expect(photo).toMatchObject({ contentType: 'image/png', bytes: TINY_PNG.length });
    const card = $((await request(app).get(`/doctors?specialty=${specialty}`)).text)('[data-testid=doctor-card]');
    const src = card.find('img.doctor-photo').attr('src')!;
    expect(src).toBe(`/doctors/${doctor.id}/photo?v=${photo.id}`);

    const served = await request(app).get(src).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(served.body as Buffer, TINY_PNG)).toBe(0);
    expect((await request(app).get(`/doctors/${doctor.id}/photo?v=old`)).headers['cache-control']).toBe('public, no-cache');
  });

  it('is replaced by a new one under a new address, the old one deleted, and can be removed', async () => {
    const { doctor, agent } = await aSignedInDoctor();
    await upload(agent, TINY_PNG);
    const first = (await photoOf(doctor))!;

    expect((await upload(agent, TINY_WEBP, 'me.webp', 'image/webp')).status).toBe(303);
    const second = (await photoOf(doctor))!;
    expect(second.id).not.toBe(first.id);
    expect(second.contentType).toBe('image/webp');
    expect(await stored(doctor, first.id)).toBe(false);
    expect((await request(app).get(`/doctors/${doctor.id}/photo?v=${second.id}`)).headers['content-type']).toBe('image/webp');

    const removed = await agent.post(`${UPLOAD}/remove`).type('form').send({ _csrf: await csrfFrom(agent, PAGE) });
    expect(removed.status).toBe(303);
    expect(await photoOf(doctor)).toBeUndefined();
    expect(await stored(doctor, second.id)).toBe(false);
    expect((await request(app).get(`/doctors/${doctor.id}/photo`)).status).toBe(404);
    expect($((await agent.get(PAGE)).text)('.photo-now .doctor-initials').text()).toBe('TD');
  });

  it.each([
    ['a text file named .png', Buffer.from('just some notes, not a picture'), 'photo.png', 'image/png'],
    ['an SVG with a script, sent as a PNG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'photo.png', 'image/png'],
    ['a web page named .jpg', Buffer.from('<!doctype html><script>alert(1)</script>'), '../../evil.jpg', 'image/jpeg'],
    ['a PDF', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), 'cv.pdf', 'application/pdf'],
  ])('refuses %s with 422 and a message, storing nothing', async (_case, bytes, filename, contentType) => {
    const { doctor, agent } = await aSignedInDoctor();

    const response = await upload(agent, bytes, filename, contentType);

    expect(response.status).toBe(422);
    expect($(response.text)('#f-photo-error').text()).toBe('This file is not a photo we can show. Choose a JPEG, PNG or WebP image.');
    expect(await photoOf(doctor)).toBeUndefined();
  });

  it('refuses a photo over 2 MB with 413 and a message, keeping the photo it had', async () => {
    const { doctor, agent } = await aSignedInDoctor();
    await upload(agent, TINY_PNG);
    const before = await photoOf(doctor);

    const response = await upload(agent, OVERSIZED_PNG);

    expect(response.status).toBe(413);
    expect($(response.text)('#f-photo-error').text()).toBe('The photo is larger than 2 MB. Choose a smaller one, or resize it first.');
    expect(await photoOf(doctor)).toEqual(before);
  });

  it('refuses a form with no file, or a body that is no readable form, with a 4xx and a message', async () => {
    const { doctor, agent } = await aSignedInDoctor();
    const _csrf = await csrfFrom(agent, PAGE);

    const empty = await agent.post(UPLOAD).field('_csrf', _csrf);
    expect(empty.status).toBe(422);
    expect($(empty.text)('#f-photo-error').text()).toBe('Choose a photo to upload');

    const broken = await agent
      .post(UPLOAD)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send(`--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${_csrf}\r\n--xyz\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n\x89PNG`);
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect(messages(broken.text)).toMatch(/could not be read|expired/);
    expect(await photoOf(doctor)).toBeUndefined();
  });

  it('serves a file that is a PNG with markup after it only as a PNG, never as a page', async () => {
    const { doctor, agent } = await aSignedInDoctor();
    const polyglot = Buffer.concat([TINY_PNG, Buffer.from('<html><script>alert(1)</script></html>')]);

    expect((await upload(agent, polyglot, 'x.html', 'text/html')).status).toBe(303);

    const served = await request(app).get(`/doctors/${doctor.id}/photo`);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('who may change or see a photo', () => {
  it('refuses an upload without the form token with 403, storing nothing', async () => {
    const { doctor, agent } = await aSignedInDoctor();
    await agent.get(PAGE);

    const missing = await agent.post(UPLOAD).attach('photo', TINY_PNG, { filename: 'me.png', contentType: 'image/png' });
    const wrong = await upload(agent, TINY_PNG, 'me.png', 'image/png', 'not-the-token');
    const inUrl = await agent.post(`${UPLOAD}?_csrf=${await csrfFrom(agent, PAGE)}`).attach('photo', TINY_PNG, { filename: 'me.png', contentType: 'image/png' });

    for (const response of [missing, wrong, inUrl]) {
      expect(response.status).toBe(403);
      expect(messages(response.text)).toContain('This form has expired or did not come from MedTrack.');
    }
    expect(await photoOf(doctor)).toBeUndefined();
  });

  it('reads a multipart body only on the photo form: elsewhere its token is not seen', async () => {
    const { doctor, agent } = await aSignedInDoctor();

    const response = await agent.post(PAGE).field('_csrf', await csrfFrom(agent, PAGE)).field('qualifications', 'Sent as multipart');

    expect(response.status).toBe(403);
    expect((await getUserById(deps.db, doctor.id))!.doctor!.qualifications).toBe('MBBS, MD');
  });

  it("changes only the signed-in doctor's own photo", async () => {
    const { doctor, agent } = await aSignedInDoctor();
    await upload(agent, TINY_PNG);
    const photo = await photoOf(doctor);
    const other = await signIn(app, (await aDoctor(deps)).email);

    await upload(other, TINY_WEBP, 'x.webp', 'image/webp');
    await other.post(`${UPLOAD}/remove?doctorId=${doctor.id}`).type('form').send({ _csrf: await csrfFrom(other, PAGE), doctorId: doctor.id });

    expect(await photoOf(doctor)).toEqual(photo);
    const patient = await signIn(app, (await aPatient(deps)).email);
    expect((await upload(patient, TINY_PNG, 'me.png', 'image/png', await csrfFrom(patient, '/patient'))).status).toBe(403);
  });

  it("shows a doctor's photo before approval only to that doctor and to admins", async () => {
    const pending = await aDoctor(deps, { doctor: { specialty: 'cardiology', hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 1, consultationFee: 300, approval: 'pending' } });
    const agent = await signIn(app, pending.email);
    expect((await upload(agent, TINY_PNG)).status).toBe(303);
    const url = `/doctors/${pending.id}/photo`;

    expect((await agent.get(url)).status).toBe(200);
    expect((await agent.get(url)).headers['cache-control']).toBe('private, no-store');
    expect((await (await signIn(app, (await anAdmin(deps)).email)).get(url)).status).toBe(200);
    const stranger = await request(app).get(url);
    expect(stranger.status).toBe(404);
    expect(messages(stranger.text)).toContain('There is no photo here.');
  });
});
