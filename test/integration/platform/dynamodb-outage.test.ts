/**
 * T-CHAOS-01 for DynamoDB, and T-CHAOS-02 (the session store lives there too: a signed-in page
 * fails first on its session read): with the database refusing connections or silently dropping them,
 * pages answer a 503 page within 3 s (nothing hangs), /readyz says unavailable while /healthz stays
 * up, and after recovery /readyz comes back by itself with every booking accepted before the fault
 * still there.
 */
import request from 'supertest';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../../../src/deps';
import { listUpcomingAppointmentsForPatient } from '../../../src/appointments/repository';
import { buildTestApp } from '../../helpers/app';
import { aDoctorWithPlan, uniqueSpecialty } from '../../helpers/appointments';
import { faultyProxy, type Fault, type FaultyProxy } from '../../helpers/faulty-proxy';
import { $, csrfFrom, signIn, type Agent } from '../../helpers/http';
import { aPatient } from '../../helpers/users';

const BUDGET_MS = 3000;
let proxy: FaultyProxy;
let app: Express;
let deps: Deps;
let patient: Agent;
let patientId: string;

beforeAll(async () => {
  proxy = await faultyProxy({ host: '127.0.0.1', port: Number(process.env.DYNAMODB_LOCAL_PORT) });
  // Production's timeouts (the test defaults are longer, for a busy test machine).
  ({ app, deps } = buildTestApp({ MEDTRACK_DYNAMODB_ENDPOINT: proxy.url, MEDTRACK_DYNAMODB_CONNECT_TIMEOUT_MS: '1000', MEDTRACK_DYNAMODB_REQUEST_TIMEOUT_MS: '1000' }));
  const user = await aPatient(deps);
  patientId = user.id;
  patient = await signIn(app, user.email);
});

afterAll(() => proxy.close());

/** Books through the form, like a browser; 303 means accepted. */
async function bookThroughTheForm(): Promise<number> {
  const specialty = uniqueSpecialty();
  await aDoctorWithPlan(deps, specialty);
  const date = DateTime.now().setZone(deps.config.timeZone).plus({ days: 4 }).toISODate()!;
  const page = $((await patient.get(`/appointments/new?specialty=${specialty}&date=${date}`)).text);
  const fields = Object.fromEntries(page('form[action="/appointments"] input[type=hidden]').map((_i, el) => [[page(el).attr('name'), page(el).val()]]).get());
  const start = page('input[name=start]').first().val() as string;
  return (await patient.post('/appointments').type('form').send({ ...fields, start, reason: 'Follow-up' })).status;
}

async function timed(call: () => PromiseLike<{ status: number; text: string }>) {
  const started = Date.now();
  const response = await call();
  return { status: response.status, text: response.text, ms: Date.now() - started };
}

describe.each<Fault>(['refuse', 'blackhole'])('DynamoDB %s', (fault) => {
  let acceptedBefore: number;
  let visitor: Agent;
  let loginToken: string;

  beforeAll(async () => {
    visitor = request.agent(app);
    loginToken = await csrfFrom(visitor, '/login');
    expect(await bookThroughTheForm()).toBe(303);
    acceptedBefore = (await listUpcomingAppointmentsForPatient(deps.db, patientId, new Date().toISOString())).length;
    await proxy.set(fault);
  });

  afterAll(() => proxy.set('pass'));

  it.each([
    ['a signed-in page', () => patient.get('/patient')],
    ['a booking', () => patient.post('/appointments').type('form').send({ specialty: 'cardiology', start: '2030-01-01T04:00:00.000Z', reason: 'x' })],
    ['a log-in', () => visitor.post('/login').type('form').send({ identifier: 'someone@example.com', password: 'whatever it is', _csrf: loginToken })],
    ['the doctors directory', () => request(app).get('/doctors')],
  ])('answers %s with the 503 page within 3 s', async (_label, call) => {
    const response = await timed(call);
    expect(response.status).toBe(503);
    expect(response.ms).toBeLessThan(BUDGET_MS);
    expect($(response.text)('h1').text()).toBe('Temporarily unavailable');
  });

  it('reports /readyz unavailable quickly while /healthz stays up', async () => {
    const ready = await timed(() => request(app).get('/readyz'));
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(BUDGET_MS);
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('recovers by itself, with every booking accepted before the fault still there', async () => {
    await proxy.set('pass');
    expect((await request(app).get('/readyz')).status).toBe(200);
    expect((await patient.get('/patient')).status).toBe(200);
    expect(await listUpcomingAppointmentsForPatient(deps.db, patientId, new Date().toISOString())).toHaveLength(acceptedBefore);
  });
});
