/**
 * `npm run bench:booking`: a benchmark, not a test. Starts its own local stack, seeds doctors of a
 * fresh specialty with plans, fires N "any doctor" bookings at once over a day with fewer places
 * than requests, then reads the appointments and every lock back to count double bookings and
 * orphan locks. In the same run it measures DynamoDB Local's raw TransactWriteItems/s (same item
 * count per transaction, unique keys, same concurrency) and prints the ratio.
 *
 * Patients are in-memory accounts: booking never reads the patient, only uses the id, so writing
 * a thousand accounts first would only measure account creation.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { bookAppointment, createDayBoard, listAppointmentsForDoctorOnDay, savePlan, slotsOn, WEEKDAYS, type BookingResult, type Slot, type WeeklyPlan } from '../../src/appointments';
import type { Config } from '../../src/config';
import { ensureTables } from '../../src/platform/db/bootstrap';
import { createDb, type Db } from '../../src/platform/db/client';
import { HttpError } from '../../src/platform/http/errors';
import { createUser, type User } from '../../src/users';
import { scanLocks } from '../../test/helpers/appointments';
import { startBenchStack } from './stack';

interface Scenario {
  requests: number;
  doctors: number;
  /** Working hours and visit length: places = doctors x slots, fewer than requests. */
  hours: { start: string; end: string };
  slotMinutes: number;
  /** Requests arrive one by one at this rate; undefined: all at once (a burst). */
  perSecond?: number;
}

const SCENARIOS: Scenario[] = [
  { requests: 100, doctors: 5, hours: { start: '09:00', end: '15:00' }, slotMinutes: 20 },
  { requests: 1000, doctors: 10, hours: { start: '07:00', end: '22:00' }, slotMinutes: 10 },
  // Latency is measured under load the system can carry: a burst's p99 is the queue's length.
  { requests: 1000, doctors: 20, hours: { start: '07:00', end: '22:00' }, slotMinutes: 10, perSecond: 50 },
  { requests: 1000, doctors: 20, hours: { start: '07:00', end: '22:00' }, slotMinutes: 10, perSecond: 80 },
];

/** The default app client counts socket-queue time against a 1 s connect timeout (see report). */
const APP_CLIENT = process.argv.includes('--app-client');

interface Row {
  n: number;
  perSecond?: number;
  places: number;
  booked: number;
  noSlot: number;
  errors: number;
  double: number;
  orphans: number;
  spread: number;
  seconds: number;
  latencies: number[];
  rawTxPerSecond: number;
  rawP99: number;
  itemsPerTx: number;
  /** DynamoDB calls made by the booking requests: transactions, and everything. */
  transactions: number;
  calls: number;
}

/** Counts the calls a client makes, by whether they are transactions, and times them by command. */
function countCalls(db: Db) {
  const counted = { transactions: 0, calls: 0, byCommand: new Map<string, { calls: number; ms: number }>() };
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      counted.calls++;
      if ((args.input as { TransactItems?: unknown }).TransactItems) counted.transactions++;
      const t0 = performance.now();
      try {
        return await next(args);
      } finally {
        const entry = counted.byCommand.get(context.commandName ?? '?') ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - t0;
        counted.byCommand.set(context.commandName ?? '?', entry);
      }
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
  return counted;
}

/** A client like the app's, but one that lets a burst wait for a socket instead of timing out. */
function benchDb(config: Config): Db {
  return createDb(config, { connectionTimeout: 120_000, requestTimeout: 120_000, socketAcquisitionWarningTimeout: 120_000 });
}

/** A small seeded generator, so every run asks for the same times. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

/** Mornings are popular: the first third of the day is asked for twice as often. */
function wantedTimes(slots: Slot[], count: number): string[] {
  const random = seeded(42);
  const weights = slots.map((_, i) => (i < slots.length / 3 ? 2 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: count }, () => {
    let pick = random() * total;
    for (const [i, weight] of weights.entries()) if ((pick -= weight) < 0) return slots[i].start;
    return slots[slots.length - 1].start;
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function aPatient(i: number): User {
  const id = randomUUID();
  return {
    id, role: 'patient', status: 'active', firstName: 'Bench', lastName: `Patient${i}`, email: `${id}@bench.test`, phone: '+919800000000',
    passwordHash: 'x', emailVerified: true, sessionEpoch: 1, version: 1, createdAt: new Date().toISOString(),
  };
}

let doctorsMade = 0;

async function seedDoctors(db: Db, scenario: Scenario, specialty: string): Promise<User[]> {
  const plan: WeeklyPlan = { days: Object.fromEntries(WEEKDAYS.map((d) => [d, [scenario.hours]])), slotMinutes: scenario.slotMinutes };
  return Promise.all(
    Array.from({ length: scenario.doctors }, async (_, i) => {
      const id = randomUUID();
      const doctor = await createUser(db, {
        id, role: 'doctor', firstName: 'Bench', lastName: `Doctor${i}`, email: `${id}@bench.test`, phone: `+9199${String(++doctorsMade).padStart(8, '0')}`,
        passwordHash: 'x', emailVerified: true,
        doctor: { specialty, hospitalId: 'bench-hospital', qualifications: 'MBBS', yearsOfExperience: 5, consultationFee: 500, approval: 'approved' },
      });
      await savePlan(db, doctor.id, plan, 0);
      return doctor;
    }),
  );
}


/**
 * Reads everything back: visits of one doctor that overlap (double bookings), and lock items that
 * name no active appointment or an appointment missing one of its locks (orphans).
 */
async function verify(db: Db, doctors: User[], date: string, patientIds: Set<string>, blocksPerVisit: number) {
  const days = await Promise.all(doctors.map((d) => listAppointmentsForDoctorOnDay(db, d.id, date)));
  let double = 0;
  for (const day of days) {
    const active = day.filter((a) => a.status === 'booked').sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < active.length; i++) if (active[i].start < active[i - 1].end) double++;
  }
  const active = new Map(days.flat().filter((a) => a.status === 'booked').map((a) => [a.id, a]));
  const doctorIds = new Set(doctors.map((d) => d.id));
  const doctorLocks = (await scanLocks(db, 'DOCTOR_BUSY#')).filter((l) => doctorIds.has(l.pk.split('#')[1]));
  const patientLocks = (await scanLocks(db, 'PATIENT_BUSY#')).filter((l) => patientIds.has(l.pk.split('#')[1]));
  const held = new Map<string, number>();
  let orphans = 0;
  for (const lock of [...doctorLocks, ...patientLocks]) {
    if (!active.has(lock.appointmentId)) orphans++;
    else held.set(lock.appointmentId, (held.get(lock.appointmentId) ?? 0) + 1);
  }
  for (const id of active.keys()) if (held.get(id) !== 2 * blocksPerVisit) orphans++;
  const counts = days.map((day) => day.filter((a) => a.status === 'booked').length);
  return { double, orphans, spread: Math.max(...counts) - Math.min(...counts) };
}

/** Raw DynamoDB Local: `count` transactions of `items` puts on fresh keys, all in flight at once. */
async function rawTransactions(db: Db, count: number, items: number): Promise<{ perSecond: number; p99: number }> {
  const started = performance.now();
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const run = randomUUID();
      const t0 = performance.now();
      await db.doc.send(
        new TransactWriteCommand({
          TransactItems: Array.from({ length: items }, (_, k) => ({
            Put: {
              TableName: db.tables.appointments,
              // One item carries index attributes, as the appointment item does.
              Item: { pk: `RAW#${run}#${k}`, sk: 'RAW', ...(k === 1 ? { gsi1pk: `RAW#${run}`, gsi1sk: 'a', gsi2pk: `RAW#${run}`, gsi2sk: 'a', gsi3pk: `RAW#${run}`, gsi3sk: 'a' } : {}) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
          ClientRequestToken: randomUUID(),
        }),
      );
      latencies.push(performance.now() - t0);
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), p99: percentile(latencies.sort((a, b) => a - b), 99) };
}

/** `db` seeds, verifies and measures the raw rate; `bookingDb` carries the booking requests. */
async function runScenario(db: Db, bookingDb: Db, config: Config, scenario: Scenario, counted: ReturnType<typeof countCalls>): Promise<Row> {
  const specialty = `bench-${randomUUID().slice(0, 8)}`;
  const doctors = await seedDoctors(db, scenario, specialty);
  const date = DateTime.now().setZone(config.timeZone).plus({ days: 7 }).toISODate()!;
  const plan: WeeklyPlan = { days: Object.fromEntries(WEEKDAYS.map((d) => [d, [scenario.hours]])), slotMinutes: scenario.slotMinutes };
  const slots = slotsOn(plan, [], date, config.timeZone);
  const starts = wantedTimes(slots, scenario.requests);
  const patients = starts.map((_, i) => aPatient(i));

  const latencies: number[] = [];
  const before = { ...counted };
  counted.byCommand.clear();
  // One process's view of the doctors' days, shared by the scenario's requests (server.ts builds one per process).
  const ctx = { db: bookingDb, config, dayBoard: createDayBoard({ db: bookingDb, config }) };
  const began = performance.now();
  const outcomes = await Promise.all(
    patients.map(async (patient, i) => {
      if (scenario.perSecond) await setTimeout((i * 1000) / scenario.perSecond);
      const t0 = performance.now();
      try {
        return await bookAppointment(ctx, { patient, specialty, start: starts[i], reason: 'Bench', idempotencyKey: randomUUID() });
      } catch (error) {
        return error instanceof HttpError ? error : new Error(String(error));
      } finally {
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  if (process.argv.includes('--breakdown')) {
    for (const [name, { calls, ms }] of counted.byCommand) console.log(`  ${name.padEnd(28)} ${String(calls).padStart(6)} calls  mean ${(ms / calls).toFixed(0)} ms`);
  }
  const transactions = counted.transactions - before.transactions;
  const calls = counted.calls - before.calls;

  const results = outcomes.filter((o): o is BookingResult => !(o instanceof Error));
  const blocksPerVisit = scenario.slotMinutes / 5;
  const checked = await verify(db, doctors, date, new Set(patients.map((p) => p.id)), blocksPerVisit);
  // Idempotency record, appointment, doctor and patient blocks, and the two outbox items.
  const itemsPerTx = 4 + 2 * blocksPerVisit;
  const raw = await rawTransactions(db, scenario.requests, itemsPerTx);
  return {
    n: scenario.requests,
    perSecond: scenario.perSecond,
    places: doctors.length * slots.length,
    booked: results.filter((r) => r.kind === 'booked').length,
    noSlot: results.filter((r) => r.kind === 'no-doctor-free' || r.kind === 'slot-gone').length,
    errors: outcomes.length - results.length + results.filter((r) => r.kind === 'invalid' || r.kind === 'patient-busy').length,
    ...checked,
    seconds,
    latencies: latencies.sort((a, b) => a - b),
    rawTxPerSecond: raw.perSecond,
    rawP99: raw.p99,
    itemsPerTx,
    transactions,
    calls,
  };
}

function printTable(rows: Row[]): void {
  const header = ['N', 'arrivals', 'places', 'booked', 'no slot', '5xx/err', 'double', 'orphans', 'spread', 'answered/s', 'booked/s', 'p50 ms', 'p95 ms', 'p99 ms', 'tx/req', 'calls/req', 'raw tx/s', 'raw p99', 'items/tx', 'ratio'];
  const lines = rows.map((r) => {
    // Only clean answers count: an error returned fast is not throughput.
    const perSecond = (r.booked + r.noSlot) / r.seconds;
    return [
      r.n, r.perSecond ? `${r.perSecond}/s` : 'burst', r.places, r.booked, r.noSlot, r.errors, r.double, r.orphans, r.spread,
      perSecond.toFixed(0), (r.booked / r.seconds).toFixed(0),
      percentile(r.latencies, 50).toFixed(0), percentile(r.latencies, 95).toFixed(0), percentile(r.latencies, 99).toFixed(0),
      (r.transactions / r.n).toFixed(1), (r.calls / r.n).toFixed(1),
      r.rawTxPerSecond.toFixed(0), r.rawP99.toFixed(0), r.itemsPerTx, r.perSecond ? '-' : (perSecond / r.rawTxPerSecond).toFixed(2),
    ].map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log(
    '\nEvery request is "any doctor" of one specialty; mornings are asked for twice as often.\n' +
      'arrivals: burst = all N fired at once (throughput and correctness under contention); n/s = one\n' +
      'request every 1/n s (latency under a load the system carries; a burst\'s p99 is only its queue).\n' +
      'no slot = no-doctor-free (would be wait-listed); spread = max - min visits per doctor that day;\n' +
      'double/orphans read back from the appointments and a consistent Scan of every lock item;\n' +
      'answered/s = requests answered "booked" or "no slot" (not errors) per second;\n' +
      'ratio (bursts) = answered/s / raw TransactWriteItems per second (same items/tx, unique keys, same\n' +
      'concurrency, same DynamoDB Local, measured right after); raw p99 is the floor for any p99 with\n' +
      'all N in flight at once. tx/req, calls/req: DynamoDB calls per booking request (a request whose\n' +
      'wanted time is taken at every doctor makes no transaction). --breakdown: calls and mean ms by command.' +
      (APP_CLIENT ? '\nClient: the app\'s own (its socket pool and timeouts).' : '\nClient: the app\'s settings, but a burst may wait for a socket (pass --app-client for the app\'s own).'),
  );
}

async function main(): Promise<void> {
  const { config, stop } = await startBenchStack();
  const db = benchDb(config);
  const bookingDb = APP_CLIENT ? createDb(config) : benchDb(config);
  const counted = countCalls(bookingDb);
  try {
    await ensureTables(db.client, config.tablePrefix);
    // Warm the JVM so the first scenario is not measuring JIT compilation.
    await rawTransactions(db, 200, 10);
    const rows: Row[] = [];
    for (const scenario of SCENARIOS) {
      console.log(`Running N=${scenario.requests} (${scenario.doctors} doctors, ${scenario.slotMinutes}-minute visits) ...`);
      rows.push(await runScenario(db, bookingDb, config, scenario, counted));
    }
    console.log('');
    printTable(rows);
  } finally {
    db.client.destroy();
    bookingDb.client.destroy();
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
