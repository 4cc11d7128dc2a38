/**
 * RELIABILITY.md §4 T-BOOK-01, 01b, 02, 03 and 04: the booking core under contention, replays and
 * injected faults, against the run's real DynamoDB Local. Every claim is checked by reading the
 * appointments and their lock items back, not only by the functions' answers.
 */
import { randomUUID } from 'node:crypto';
import { countPlaces, getAppointment, findByIdempotencyKey, insertAppointment, listAppointmentsForDoctorOnDay, listUpcomingAppointmentsForPatient } from '../../../src/appointments/repository';
import { bookAppointment, type BookingResult } from '../../../src/appointments/booking/service';
import { cancel } from '../../../src/appointments/visits/service';
import type { Appointment } from '../../../src/appointments/types';
import { createDb, type Db } from '../../../src/platform/db/client';
import { ConflictError, HttpError, ServiceUnavailableError } from '../../../src/platform/http/errors';
import type { User } from '../../../src/users';
import {
  aDoctorWithPlan,
  burstDb,
  countBy,
  doctorLocks,
  everyDayPlan,
  bookingContext,
  formKey,
  futureWeekday,
  locksOf,
  patientLocks,
  planSlots,
  scanLocks,
  uniqueSpecialty,
} from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { aPatient } from '../../helpers/users';

const { deps } = buildTestApp();
const zone = deps.config.timeZone;
/**
 * The booking context for calls made in parallel (see burstDb): the app's client settings, but
 * one that waits for a socket instead of failing after 1 s of queueing on a busy machine.
 */
const burst = bookingContext({ db: burstDb(deps.config), config: deps.config });
/** 09:00-12:20 in 20-minute visits: ten slots a day. */
const TEN_SLOTS = everyDayPlan([{ start: '09:00', end: '12:20' }]);
/** Patients made 20 at a time: setup is not the load under test. */
async function patients(n: number): Promise<User[]> {
  const made: User[] = [];
  while (made.length < n) made.push(...(await Promise.all(Array.from({ length: Math.min(20, n - made.length) }, () => aPatient(deps)))));
  return made;
}
const bookedOf = (results: BookingResult[]) =>
  results.flatMap((r) => (r.kind === 'booked' ? [r.appointment] : []));
const kinds = (results: BookingResult[]) => Object.fromEntries(countBy(results, (r) => r.kind));

/**
 * The data invariants of T-BOOK-01 for some doctors on one date, read back from the table:
 * one active appointment per doctor and time, every appointment holding all its doctor and
 * patient blocks, and no lock item (found by a Scan, so nothing is missed) without its
 * appointment. `who` are all the patients that took part.
 */
async function expectConsistentBookings(doctors: User[], date: string, who: User[]): Promise<Appointment[]> {
  const stored = (await Promise.all(doctors.map((d) => listAppointmentsForDoctorOnDay(deps.db, d.id, date))))
    .flat()
    .filter((a) => a.status === 'booked');
  const perDoctorTime = stored.map((a) => `${a.doctorId}@${a.start}`);
  expect(new Set(perDoctorTime).size).toBe(perDoctorTime.length);
  for (const appointment of stored) {
    expect(await getAppointment(deps.db, appointment.id)).toMatchObject({ status: 'booked', doctorId: appointment.doctorId });
    const locks = await locksOf(deps.db, appointment);
    expect(locks.doctor).toEqual(locks.doctor.map(() => appointment.id));
    expect(locks.patient).toEqual(locks.patient.map(() => appointment.id));
  }
  const ids = new Set(stored.map((a) => a.id));
  const blocksPerVisit = TEN_SLOTS.slotMinutes / 5;
  const doctorLockItems = (await Promise.all(doctors.map((d) => scanLocks(deps.db, `DOCTOR_BUSY#${d.id}#`)))).flat();
  expect(doctorLockItems.filter((lock) => !ids.has(lock.appointmentId))).toEqual([]);
  expect(doctorLockItems).toHaveLength(stored.length * blocksPerVisit);
  const patientIds = new Set(who.map((p) => p.id));
  const patientLockItems = (await scanLocks(deps.db, 'PATIENT_BUSY#')).filter((lock) => patientIds.has(lock.pk.split('#')[1]));
  expect(patientLockItems.filter((lock) => !ids.has(lock.appointmentId))).toEqual([]);
  expect(patientLockItems).toHaveLength(stored.length * blocksPerVisit);
  return stored;
}

describe('T-BOOK-01: 200 patients race for the 10 slots of one doctor', () => {
  it('books exactly 10, tells the other 190 the slot is gone, and leaves no double-booking and no orphan lock', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), TEN_SLOTS);
    const date = futureWeekday(zone);
    const slots = await planSlots(deps, doctor.id, date);
    expect(slots).toHaveLength(10);
    const crowd = await patients(200);
    const now = new Date();

    const settled = await Promise.allSettled(
      crowd.map((patient, i) =>
        bookAppointment(burst, { patient, doctorId: doctor.id, start: slots[i % 10].start, reason: 'Chest pain on climbing stairs', idempotencyKey: formKey() }, now),
      ),
    );

    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    const results = settled.map((s) => (s as PromiseFulfilledResult<BookingResult>).value);
    expect(kinds(results)).toEqual({ booked: 10, 'slot-gone': 190 });
    const booked = bookedOf(results);
    expect(booked.map((a) => a.start).sort()).toEqual(slots.map((s) => s.start));
    // Each winner is the patient who asked, at the time they asked for.
    for (const [i, result] of results.entries()) {
      if (result.kind === 'booked') expect(result.appointment).toMatchObject({ patientId: crowd[i].id, start: slots[i % 10].start });
    }
    // The losers are offered other times, none of them a slot just taken.
    const taken = new Set(booked.map((a) => a.start));
    for (const result of results) if (result.kind === 'slot-gone') expect(result.alternatives.filter((s) => taken.has(s.start))).toEqual([]);

    const stored = await expectConsistentBookings([doctor], date, crowd);
    expect(stored.map((a) => a.id).sort()).toEqual(booked.map((a) => a.id).sort());
    const losers = crowd.filter((_, i) => results[i].kind !== 'booked');
    const loserLocks = await Promise.all(losers.map((p, i) => patientLocks(deps.db, p.id, slots[i % 10].start, slots[i % 10].end)));
    expect(loserLocks.flat().filter(Boolean)).toEqual([]);
    const loserVisits = await Promise.all(losers.map((p) => listUpcomingAppointmentsForPatient(deps.db, p.id, now.toISOString())));
    expect(loserVisits.flat()).toEqual([]);
  });
});

describe('T-BOOK-01b: "any doctor" for 3 doctors with 5 slots each', () => {
  it('books 15 of 20 parallel requests, exactly 5 per doctor, and turns the other 5 away cleanly', async () => {
    const specialty = uniqueSpecialty();
    const plan = everyDayPlan([{ start: '09:00', end: '10:40' }]);
    const doctors = await Promise.all([1, 2, 3].map(() => aDoctorWithPlan(deps, specialty, plan)));
    const date = futureWeekday(zone);
    const slots = await planSlots(deps, doctors[0].id, date);
    expect(slots).toHaveLength(5);
    const crowd = await patients(20);

    // Four patients want each of the five times, all at once.
    const settled = await Promise.allSettled(
      crowd.map((patient, i) =>
        bookAppointment(burst, { patient, specialty, start: slots[i % 5].start, reason: 'Palpitations', idempotencyKey: formKey() }),
      ),
    );

    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    const results = settled.map((s) => (s as PromiseFulfilledResult<BookingResult>).value);
    expect(kinds(results)).toEqual({ booked: 15, 'no-doctor-free': 5 });
    const booked = bookedOf(results);
    expect([...countBy(booked, (a) => a.doctorId).values()]).toEqual([5, 5, 5]);
    expect([...countBy(booked, (a) => a.start).values()]).toEqual([3, 3, 3, 3, 3]);
    const stored = await expectConsistentBookings(doctors, date, crowd);
    expect(stored.map((a) => a.id).sort()).toEqual(booked.map((a) => a.id).sort());
    for (const doctor of doctors) {
      expect(stored.filter((a) => a.doctorId === doctor.id).map((a) => a.start).sort()).toEqual(slots.map((s) => s.start));
    }
    const turnedAway = crowd.filter((_, i) => results[i].kind === 'no-doctor-free');
    const leftovers = await Promise.all(turnedAway.map((p) => listUpcomingAppointmentsForPatient(deps.db, p.id, new Date().toISOString())));
    expect(leftovers.flat()).toEqual([]);
  });
});

describe('T-BOOK-02: one form, one appointment', () => {
  it('answers 5 parallel and 5 later submissions of one form with the same single appointment', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), TEN_SLOTS);
    const date = futureWeekday(zone);
    const [slot] = await planSlots(deps, doctor.id, date);
    const [patient] = await patients(1);
    const form = { patient, doctorId: doctor.id, start: slot.start, reason: 'Follow-up', idempotencyKey: formKey() };

    const parallel = await Promise.all(Array.from({ length: 5 }, () => bookAppointment(burst, form)));
    const later: BookingResult[] = [];
    for (let i = 0; i < 5; i++) later.push(await bookAppointment(deps, form));

    const all = [...parallel, ...later];
    expect(all.map((r) => r.kind)).toEqual(Array(10).fill('booked'));
    const ids = new Set(bookedOf(all).map((a) => a.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const mine = await listUpcomingAppointmentsForPatient(deps.db, patient.id, new Date().toISOString());
    expect(mine.map((a) => a.id)).toEqual([id]);
    expect((await listAppointmentsForDoctorOnDay(deps.db, doctor.id, date)).map((a) => a.id)).toEqual([id]);
    expect(await findByIdempotencyKey(deps.db, form.idempotencyKey)).toEqual({ appointmentId: id, patientId: patient.id });
    const locks = await locksOf(deps.db, mine[0]);
    expect([...locks.doctor, ...locks.patient]).toEqual(Array(8).fill(id));
  });

  it("refuses another patient's replay of the key with 409 and books nothing for them", async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), TEN_SLOTS);
    const date = futureWeekday(zone);
    const [first, second] = await planSlots(deps, doctor.id, date);
    const [owner, intruder] = await patients(2);
    const key = formKey();
    const original = await bookAppointment(deps, { patient: owner, doctorId: doctor.id, start: first.start, reason: 'Checkup', idempotencyKey: key });
    expect(original.kind).toBe('booked');

    const replay = bookAppointment(deps, { patient: intruder, doctorId: doctor.id, start: second.start, reason: 'Checkup', idempotencyKey: key });

    await expect(replay).rejects.toBeInstanceOf(ConflictError);
    await expect(replay).rejects.toMatchObject({ status: 409 });
    expect(await listUpcomingAppointmentsForPatient(deps.db, intruder.id, new Date().toISOString())).toEqual([]);
    expect(await listAppointmentsForDoctorOnDay(deps.db, doctor.id, date)).toHaveLength(1);
    expect((await doctorLocks(deps.db, doctor.id, second.start, second.end)).filter(Boolean)).toEqual([]);
    expect(await findByIdempotencyKey(deps.db, key)).toEqual({ appointmentId: (original as { appointment: Appointment }).appointment.id, patientId: owner.id });
  });

  it('answers the same form sent later for another slot (or another doctor) with the first appointment', async () => {
    const specialty = uniqueSpecialty();
    const [doctor, other] = await Promise.all([aDoctorWithPlan(deps, specialty, TEN_SLOTS), aDoctorWithPlan(deps, specialty, TEN_SLOTS)]);
    const date = futureWeekday(zone);
    const [first, second] = await planSlots(deps, doctor.id, date);
    const [patient] = await patients(1);
    const key = formKey();
    const original = await bookAppointment(deps, { patient, doctorId: doctor.id, start: first.start, reason: 'Checkup', idempotencyKey: key });
    if (original.kind !== 'booked') throw new Error(`expected a booking, got ${original.kind}`);

    const otherSlot = await bookAppointment(deps, { patient, doctorId: doctor.id, start: second.start, reason: 'Checkup', idempotencyKey: key });
    const otherDoctor = await bookAppointment(deps, { patient, doctorId: other.id, start: second.start, reason: 'Checkup', idempotencyKey: key });
    const anyDoctor = await bookAppointment(deps, { patient, specialty, start: second.start, reason: 'Checkup', idempotencyKey: key });

    for (const result of [otherSlot, otherDoctor, anyDoctor]) expect(result).toEqual({ kind: 'booked', appointment: original.appointment });
    const mine = await listUpcomingAppointmentsForPatient(deps.db, patient.id, new Date().toISOString());
    expect(mine.map((a) => a.id)).toEqual([original.appointment.id]);
    expect((await doctorLocks(deps.db, doctor.id, second.start, second.end)).filter(Boolean)).toEqual([]);
    expect((await doctorLocks(deps.db, other.id, second.start, second.end)).filter(Boolean)).toEqual([]);
    expect((await patientLocks(deps.db, patient.id, second.start, second.end)).filter(Boolean)).toEqual([]);
  });

  it('dedupes through the IDEMPOTENCY item itself, whatever DynamoDB’s client token says', async () => {
    // DynamoDB forgets a ClientRequestToken after 10 minutes, so a replay 11 minutes later reaches
    // the database with a token it has never seen. Rather than wait, write straight through the
    // repository with a brand-new token (and a new appointment id and slot): only the
    // IDEMPOTENCY# item, kept for 24 h, can stop that write — and it must.
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), TEN_SLOTS);
    const date = futureWeekday(zone);
    const [first, second] = await planSlots(deps, doctor.id, date);
    const [patient] = await patients(1);
    const key = formKey();
    const original = await bookAppointment(deps, { patient, doctorId: doctor.id, start: first.start, reason: 'Checkup', idempotencyKey: key });
    if (original.kind !== 'booked') throw new Error(`expected a booking, got ${original.kind}`);
    const late: Appointment = { ...original.appointment, id: randomUUID(), start: second.start, end: second.end, createdAt: new Date().toISOString() };

    const outcome = await insertAppointment(deps.db, late, key, randomUUID(), [], deps.config.booking.maxActivePerPatient);

    expect(outcome).toBe('key-used');
    expect(await getAppointment(deps.db, late.id)).toBeUndefined();
    expect(await findByIdempotencyKey(deps.db, key)).toEqual({ appointmentId: original.appointment.id, patientId: patient.id });
    expect([...(await doctorLocks(deps.db, doctor.id, second.start, second.end)), ...(await patientLocks(deps.db, patient.id, second.start, second.end))].filter(Boolean)).toEqual([]);
    // And the service answers that late replay with the first appointment.
    expect(await bookAppointment(deps, { patient, doctorId: doctor.id, start: second.start, reason: 'Checkup', idempotencyKey: key })).toEqual(original);
  });
});

describe('T-BOOK-04: racing cancels of one appointment', () => {
  it('lets exactly one of two concurrent cancels win, frees every lock, and the slot can be booked again', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), TEN_SLOTS);
    const date = futureWeekday(zone);
    const slots = await planSlots(deps, doctor.id, date);
    const owners = await patients(10);
    const newcomers = await patients(10);
    const booked = await Promise.all(
      owners.map((patient, i) => bookAppointment(burst, { patient, doctorId: doctor.id, start: slots[i].start, reason: 'Review', idempotencyKey: formKey() })),
    );
    const appointments = bookedOf(booked);
    expect(appointments).toHaveLength(10);

    // Ten rounds: patient vs doctor, and a patient's own double click.
    const races = await Promise.all(
      appointments.map((appointment, i) =>
        Promise.allSettled([
          cancel(burst, owners[i], appointment.id, undefined),
          i % 2 ? cancel(burst, owners[i], appointment.id, undefined) : cancel(burst, doctor, appointment.id, 'Called into surgery'),
        ]),
      ),
    );

    for (const [i, race] of races.entries()) {
      const winners = race.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Appointment>[];
      const losers = race.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].reason).toBeInstanceOf(ConflictError);
      const stored = await getAppointment(deps.db, appointments[i].id);
      // Compared as stored: an absent reason is not written.
      expect(stored).toMatchObject({ status: 'cancelled', version: 2, cancellation: JSON.parse(JSON.stringify(winners[0].value.cancellation)) });
      const locks = await locksOf(deps.db, appointments[i]);
      expect([...locks.doctor, ...locks.patient].filter(Boolean)).toEqual([]);
    }
    expect(await scanLocks(deps.db, `DOCTOR_BUSY#${doctor.id}#`)).toEqual([]);

    const rebooked = await Promise.all(
      newcomers.map((patient, i) => bookAppointment(burst, { patient, doctorId: doctor.id, start: slots[i].start, reason: 'Review', idempotencyKey: formKey() })),
    );
    expect(rebooked.map((r) => r.kind)).toEqual(Array(10).fill('booked'));
    await expectConsistentBookings([doctor], date, [...owners, ...newcomers]);
  });
});

type Fault = () => Error;
const named = (name: string, extra: object = {}): Fault => () => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 }, ...extra });
const FAULTS: Fault[] = [
  named('TransactionConflictException'),
  named('ProvisionedThroughputExceededException'),
  named('ThrottlingException'),
  named('InternalServerError', { $fault: 'server', $metadata: { httpStatusCode: 500 } }),
  // A socket timeout: the SDK never got an HTTP answer.
  named('TimeoutError', { $metadata: {} }),
];

/**
 * A second client on the same tables whose transactions fail at `rate`: before they reach
 * DynamoDB (conflict, throttling, server error, timeout), or — the nastiest case — after they
 * committed, as a timeout the caller sees although the write landed.
 */
function faultyDb(rate: number, afterCommitRate = rate / 2) {
  const db: Db = burstDb(deps.config);
  const injected = { before: 0, after: 0 };
  db.client.middlewareStack.add(
    (next) => async (args) => {
      if (!(args.input as { TransactItems?: unknown }).TransactItems) return next(args);
      if (Math.random() < rate) {
        injected.before++;
        throw FAULTS[injected.before % FAULTS.length]();
      }
      const output = await next(args);
      if (Math.random() < afterCommitRate) {
        injected.after++;
        throw named('TimeoutError', { $metadata: {} })();
      }
      return output;
    },
    { step: 'initialize', name: 'injectFaults' },
  );
  return { ctx: bookingContext({ db, config: deps.config }), injected };
}

describe('T-BOOK-03: faults injected into 20 % of transactions', () => {
  it('still never double-books; each outcome is booked, slot gone or a 503 that a retry of the same form resolves', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), TEN_SLOTS);
    const date = futureWeekday(zone);
    const slots = await planSlots(deps, doctor.id, date);
    const crowd = await patients(100);
    const { ctx, injected } = faultyDb(0.2);
    const forms = crowd.map((patient, i) => ({ patient, doctorId: doctor.id, start: slots[i % 10].start, reason: 'Breathless', idempotencyKey: formKey() }));

    const settled = await Promise.allSettled(forms.map((form) => bookAppointment(ctx, form)));

    expect(injected.before + injected.after).toBeGreaterThan(10);
    const unexpected = settled.filter(
      (s) => s.status === 'rejected' && !(s.reason instanceof ServiceUnavailableError),
    ) as PromiseRejectedResult[];
    expect(unexpected.map((s) => `${(s.reason as Error).name}: ${(s.reason as Error).message}`)).toEqual([]);
    for (const s of settled) {
      if (s.status === 'rejected') expect((s.reason as HttpError).status).toBe(503);
      else expect(['booked', 'slot-gone']).toContain(s.value.kind);
    }
    // The 503s are retried with the same form once the database is healthy again: a booking that
    // did land behind a timeout comes back as that same appointment, never as a second one.
    const final = await Promise.all(
      settled.map((s, i) => (s.status === 'fulfilled' ? s.value : bookAppointment(burst, forms[i]))),
    );
    expect(kinds(final)).toEqual({ booked: 10, 'slot-gone': 90 });
    const stored = await expectConsistentBookings([doctor], date, crowd);
    expect(stored.map((a) => a.id).sort()).toEqual(bookedOf(final).map((a) => a.id).sort());
    for (const [i, result] of final.entries()) {
      if (result.kind === 'booked') expect(result.appointment.patientId).toBe(crowd[i].id);
    }
    // Each patient holds exactly the places of what they booked, whatever was retried.
    const places = await Promise.all(crowd.map((p) => countPlaces(deps.db, p.id)));
    expect(places).toEqual(final.map((r) => (r.kind === 'booked' ? 1 : 0)));
  });

  it('resolves a booking whose commit was hidden by a timeout to the appointment that landed', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), TEN_SLOTS);
    const date = futureWeekday(zone);
    const [slot] = await planSlots(deps, doctor.id, date);
    const [patient] = await patients(1);
    const db = createDb(deps.config);
    let hidden = 0;
    db.client.middlewareStack.add(
      (next) => async (args) => {
        const output = await next(args);
        // The first booking transaction commits, then the caller sees a socket timeout.
        if ((args.input as { TransactItems?: unknown }).TransactItems && hidden++ === 0) throw named('TimeoutError', { $metadata: {} })();
        return output;
      },
      { step: 'initialize', name: 'timeoutAfterCommit' },
    );

    const result = await bookAppointment(bookingContext({ db, config: deps.config }), { patient, doctorId: doctor.id, start: slot.start, reason: 'Dizzy spells', idempotencyKey: formKey() });

    expect(hidden).toBeGreaterThan(1);
    const mine = await listUpcomingAppointmentsForPatient(deps.db, patient.id, new Date().toISOString());
    expect(mine).toHaveLength(1);
    // The retries of the landed write did not take the patient's place again (see README "Places").
    expect(await countPlaces(deps.db, patient.id)).toBe(1);
    expect(result).toEqual({ kind: 'booked', appointment: mine[0] });
    const locks = await locksOf(deps.db, mine[0]);
    expect([...locks.doctor, ...locks.patient]).toEqual(Array(8).fill(mine[0].id));
  });
});
