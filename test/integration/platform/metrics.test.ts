/** /metrics: Prometheus text with request durations by route pattern, the outbox backlog and event-loop lag. */
import type { Server } from 'node:http';
import request from 'supertest';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { aDoctorWithPlan, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { aPatient } from '../../helpers/users';
import { buildTestApp } from '../../helpers/app';
import { freePort } from '../../helpers/ports';

const { app, deps } = buildTestApp();
let metrics: Server;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  metrics = await deps.metrics.serve(port);
  url = `http://127.0.0.1:${port}`;
});

afterAll(() => new Promise((resolve) => metrics.close(resolve)));

it('labels requests by route pattern, never by the raw path', async () => {
  await request(app).get('/doctors?specialty=cardiology').expect(200);
  await request(app).get('/no/such/page/12345').expect(404);

  const text = (await request(url).get('/metrics').expect(200).expect('Content-Type', /text\/plain/)).text;

  expect(text).toMatch(/medtrack_http_request_duration_seconds_count\{method="GET",route="\/doctors",status="200"\} [1-9]/);
  expect(text).toMatch(/medtrack_http_request_duration_seconds_count\{method="GET",route="not-found",status="404"\} [1-9]/);
  expect(text).not.toContain('12345');
  expect(text).toContain('nodejs_eventloop_lag_seconds');
});

it('reads the outbox backlog when scraped', async () => {
  let backlog = 3;
  deps.metrics.trackOutboxBacklog(async () => backlog);
  expect((await request(url).get('/metrics')).text).toMatch(/^medtrack_outbox_backlog 3$/m);
  backlog = 0;
  expect((await request(url).get('/metrics')).text).toMatch(/^medtrack_outbox_backlog 0$/m);
});

it('counts booking outcomes, a replayed form apart from a new booking', async () => {
  const specialty = uniqueSpecialty();
  const doctor = await aDoctorWithPlan(deps, specialty);
  const patient = await aPatient(deps);
  const date = futureWeekday(deps.config.timeZone);
  const form = { patient, doctorId: doctor.id, start: instantAt(date, '10:00', deps.config.timeZone), reason: 'Check-up', idempotencyKey: formKey() };
  const before = await outcomeCounts();

  await bookAppointment(deps, form);
  await bookAppointment(deps, form);

  const after = await outcomeCounts();
  expect(after.booked - before.booked).toBe(1);
  expect(after.replayed - before.replayed).toBe(1);
});

async function outcomeCounts(): Promise<Record<'booked' | 'replayed', number>> {
  const text = (await request(url).get('/metrics')).text;
  const count = (outcome: string) => Number(new RegExp(`medtrack_booking_outcomes_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { booked: count('booked'), replayed: count('replayed') };
}

it('serves nothing but /metrics', async () => {
  await request(url).get('/').expect(404);
});
