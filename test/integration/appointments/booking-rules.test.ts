/**
 * The booking rules of issue 3, called at the service level against DynamoDB Local: the booking
 * window, the doctor's plan and leave, who is bookable, one visit per patient at a time, plan
 * changes, ownership, the cancel cut-off and the "why this doctor" record. Each rule is checked
 * in the data read back (appointments and lock items), not only in the answer.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { addLeave, savePlan } from '../../../src/appointments';
import { getAppointment, listAppointmentsForDoctorOnDay, listUpcomingAppointmentsForPatient } from '../../../src/appointments/repository';
import { appointmentFor, cancel } from '../../../src/appointments/visits/service';
import { bookAppointment, type BookingRequest, type BookingResult } from '../../../src/appointments/booking/service';
import { freeSlotsForDoctor } from '../../../src/appointments/booking/availability';
import type { Appointment } from '../../../src/appointments/types';
import { BadRequestError, ConflictError, NotFoundError } from '../../../src/platform/http/errors';
import { updateUser, type User } from '../../../src/users';
import {
  aDoctorWithPlan,
  doctorLocks,
  everyDayPlan,
  formKey,
  futureWeekday,
  instantAt,
  locksOf,
  patientLocks,
  uniqueSpecialty,
} from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { anAdmin, aPatient } from '../../helpers/users';

const { deps } = buildTestApp();
const zone = deps.config.timeZone;
const date = futureWeekday(zone);
const at = (hhmm: string, day = date) => instantAt(day, hhmm, zone);
const minutesBefore = (instant: string, minutes: number) => DateTime.fromISO(instant).minus({ minutes }).toJSDate();

const book = (patient: User, target: { doctorId: string } | { specialty: string }, start: string, now?: Date) =>
  bookAppointment(deps, { patient, ...target, start, reason: 'Recurring headaches', idempotencyKey: formKey() } as BookingRequest, now);

function booked(result: BookingResult): Appointment {
  if (result.kind !== 'booked') throw new Error(`expected a booking, got ${JSON.stringify(result)}`);
  return result.appointment;
}

const upcoming = (patient: User) => listUpcomingAppointmentsForPatient(deps.db, patient.id, new Date(0).toISOString());
/** Nothing was written for the patient, and the doctor's blocks over [start, end) are free. */
async function expectNothingWritten(patient: User, doctor: User, start: string, end: string) {
  expect(await upcoming(patient)).toEqual([]);
  expect([...(await doctorLocks(deps.db, doctor.id, start, end)), ...(await patientLocks(deps.db, patient.id, start, end))].filter(Boolean)).toEqual([]);
}

describe('the booking window', () => {
  let doctor: User;
  let patient: User;
  beforeEach(async () => {
    doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    patient = await aPatient(deps);
  });

  it('refuses a time in the past with a message on start', async () => {
    const yesterday = DateTime.now().setZone(zone).minus({ days: 1 }).toISODate()!;
    const result = await book(patient, { doctorId: doctor.id }, at('10:00', yesterday));

    expect(result).toEqual({ kind: 'invalid', errors: { start: expect.stringMatching(/at least 60 minutes ahead/) } });
    await expectNothingWritten(patient, doctor, at('10:00', yesterday), at('10:20', yesterday));
  });

  it('refuses a visit inside the minimum notice, and accepts one exactly at it', async () => {
    const tooSoon = await book(patient, { doctorId: doctor.id }, at('10:00'), minutesBefore(at('10:00'), 59));
    expect(tooSoon).toMatchObject({ kind: 'invalid', errors: { start: expect.any(String) } });
    await expectNothingWritten(patient, doctor, at('10:00'), at('10:20'));

    const justInTime = booked(await book(patient, { doctorId: doctor.id }, at('10:00'), minutesBefore(at('10:00'), 60)));
    expect(await getAppointment(deps.db, justInTime.id)).toMatchObject({ start: at('10:00'), status: 'booked' });
  });

  it('refuses a visit beyond the booking horizon', async () => {
    const now = DateTime.fromISO(at('10:00')).minus({ days: deps.config.booking.horizonDays, minutes: 1 }).toJSDate();
    const result = await book(patient, { doctorId: doctor.id }, at('10:00'), now);

    expect(result).toMatchObject({ kind: 'invalid', errors: { start: expect.any(String) } });
    await expectNothingWritten(patient, doctor, at('10:00'), at('10:20'));
  });

  it('refuses a malformed time', async () => {
    const result = await book(patient, { doctorId: doctor.id }, 'next tuesday at ten');

    expect(result).toMatchObject({ kind: 'invalid', errors: { start: expect.any(String) } });
    expect(await upcoming(patient)).toEqual([]);
  });
});

describe("the doctor's plan and leave", () => {
  it('refuses times the plan does not offer: before hours, in a break, off the slot grid', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), everyDayPlan([{ start: '09:00', end: '12:00' }, { start: '14:00', end: '17:00' }]));
    const patient = await aPatient(deps);

    for (const time of ['08:00', '12:30', '09:10', '16:50']) {
      const result = await book(patient, { doctorId: doctor.id }, at(time));
      expect(result).toEqual({ kind: 'invalid', errors: { start: expect.stringContaining(`Dr ${doctor.lastName} does not see patients at that time`) } });
    }
    expect(await upcoming(patient)).toEqual([]);
    expect(await listAppointmentsForDoctorOnDay(deps.db, doctor.id, date)).toEqual([]);
    // The same doctor at an offered time is bookable: the refusals were about the time.
    expect(booked(await book(patient, { doctorId: doctor.id }, at('14:00'))).start).toBe(at('14:00'));
  });

  it('refuses a doctor on leave then, and offers their other days', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const patient = await aPatient(deps);
    await addLeave(deps.db, doctor.id, { id: randomUUID(), startsAt: at('00:00'), endsAt: at('13:00'), reason: 'Conference' });

    const onLeave = await book(patient, { doctorId: doctor.id }, at('10:00'));

    expect(onLeave).toMatchObject({ kind: 'invalid', errors: { start: expect.any(String) } });
    await expectNothingWritten(patient, doctor, at('10:00'), at('10:20'));
    const free = await freeSlotsForDoctor(deps, doctor.id, date);
    expect(free.filter((slot) => slot.start < at('13:00'))).toEqual([]);
    expect(free.map((slot) => slot.label)).toContain('13:00');
    expect(booked(await book(patient, { doctorId: doctor.id }, at('13:00'))).doctorId).toBe(doctor.id);
  });
});

describe('who can be booked', () => {
  it('answers NotFoundError for a doctor who is not approved, deactivated or unknown', async () => {
    const specialty = uniqueSpecialty();
    const patient = await aPatient(deps);
    const pending = await aDoctorWithPlan(deps, specialty, undefined, {
      doctor: { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 2, consultationFee: 500, approval: 'pending' },
    });
    const leaving = await aDoctorWithPlan(deps, specialty);
    await updateUser(deps.db, leaving, { status: 'inactive' });

    for (const doctorId of [pending.id, leaving.id, randomUUID()]) {
      await expect(book(patient, { doctorId }, at('10:00'))).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await upcoming(patient)).toEqual([]);
    for (const doctor of [pending, leaving]) expect(await doctorLocks(deps.db, doctor.id, at('10:00'), at('10:20'))).toEqual([undefined, undefined, undefined, undefined]);
    // Nor does "any doctor" of their specialty reach them: nobody bookable is left.
    expect(await book(patient, { specialty }, at('10:00'))).toEqual({ kind: 'invalid', errors: { specialty: expect.any(String) } });
  });
});

describe('one visit per patient at a time', () => {
  it('refuses a second doctor at an overlapping time with patient-busy, across slot lengths', async () => {
    const specialty = uniqueSpecialty();
    const twenty = await aDoctorWithPlan(deps, specialty, everyDayPlan([{ start: '09:00', end: '12:00' }], 20));
    const thirty = await aDoctorWithPlan(deps, uniqueSpecialty(), everyDayPlan([{ start: '09:00', end: '12:00' }], 30));
    const patient = await aPatient(deps);
    const first = booked(await book(patient, { doctorId: twenty.id }, at('09:20')));

    // 09:30-10:00 overlaps 09:20-09:40 by ten minutes.
    const second = await book(patient, { doctorId: thirty.id }, at('09:30'));

    expect(second).toEqual({ kind: 'patient-busy' });
    expect((await upcoming(patient)).map((a) => a.id)).toEqual([first.id]);
    expect(await listAppointmentsForDoctorOnDay(deps.db, thirty.id, date)).toEqual([]);
    expect((await doctorLocks(deps.db, thirty.id, at('09:30'), at('10:00'))).filter(Boolean)).toEqual([]);
    expect(await patientLocks(deps.db, patient.id, at('09:20'), at('09:40'))).toEqual(Array(4).fill(first.id));
    // Back to back is fine.
    expect(booked(await book(patient, { doctorId: thirty.id }, at('10:00'))).start).toBe(at('10:00'));
  });

  it('lets only one of two simultaneous bookings of the same patient with two doctors through', async () => {
    const [a, b] = await Promise.all([aDoctorWithPlan(deps, uniqueSpecialty()), aDoctorWithPlan(deps, uniqueSpecialty())]);
    const patient = await aPatient(deps);

    const results = await Promise.all([book(patient, { doctorId: a.id }, at('11:00')), book(patient, { doctorId: b.id }, at('11:00'))]);

    expect(results.map((r) => r.kind).sort()).toEqual(['booked', 'patient-busy']);
    const mine = await upcoming(patient);
    expect(mine).toHaveLength(1);
    const locks = await locksOf(deps.db, mine[0]);
    expect([...locks.doctor, ...locks.patient]).toEqual(Array(8).fill(mine[0].id));
    const loser = mine[0].doctorId === a.id ? b : a;
    expect((await doctorLocks(deps.db, loser.id, at('11:00'), at('11:20'))).filter(Boolean)).toEqual([]);
  });
});

describe('a plan whose slot length changed', () => {
  it('still refuses a visit that overlaps one booked under the old plan', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty(), everyDayPlan([{ start: '09:00', end: '12:00' }], 20));
    const [early, late, other, ok] = await Promise.all([1, 2, 3, 4].map(() => aPatient(deps)));
    const old = booked(await book(early, { doctorId: doctor.id }, at('09:20')));
    await savePlan(deps.db, doctor.id, everyDayPlan([{ start: '09:00', end: '12:00' }], 30), 1);

    // The new grid is 09:00, 09:30, 10:00 ...; the first two overlap 09:20-09:40.
    const overlapsEnd = await book(late, { doctorId: doctor.id }, at('09:30'));
    const overlapsStart = await book(other, { doctorId: doctor.id }, at('09:00'));
    const clear = await book(ok, { doctorId: doctor.id }, at('10:00'));

    expect(overlapsEnd.kind).toBe('slot-gone');
    expect(overlapsStart.kind).toBe('slot-gone');
    expect(booked(clear)).toMatchObject({ start: at('10:00'), end: at('10:30') });
    const day = await listAppointmentsForDoctorOnDay(deps.db, doctor.id, date);
    expect(day.map((a) => [a.start, a.end])).toEqual([[at('09:20'), at('09:40')], [at('10:00'), at('10:30')]]);
    expect(await doctorLocks(deps.db, doctor.id, at('09:20'), at('09:40'))).toEqual(Array(4).fill(old.id));
    expect((await doctorLocks(deps.db, doctor.id, at('09:00'), at('09:20'))).filter(Boolean)).toEqual([]);
    expect(await upcoming(late)).toEqual([]);
    expect(await upcoming(other)).toEqual([]);
    // And the free list agrees: neither overlapping new slot is offered.
    const free = (await freeSlotsForDoctor(deps, doctor.id, date)).map((s) => s.label);
    expect(free).not.toContain('09:00');
    expect(free).not.toContain('09:30');
    expect(free).toContain('10:30');
  });
});

describe('the slot-gone answer', () => {
  it('offers the nearest free slots, and the same form can then book one of them', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const [first, second] = await Promise.all([aPatient(deps), aPatient(deps)]);
    booked(await book(first, { doctorId: doctor.id }, at('10:00')));
    const form = { patient: second, doctorId: doctor.id, start: at('10:00'), reason: 'Cough', idempotencyKey: formKey() };

    const gone = await bookAppointment(deps, form);

    if (gone.kind !== 'slot-gone') throw new Error(`expected slot-gone, got ${gone.kind}`);
    expect(gone.alternatives.length).toBeGreaterThan(0);
    expect(gone.alternatives.map((s) => s.start)).not.toContain(at('10:00'));
    expect(gone.alternatives.map((s) => s.label)).toEqual(expect.arrayContaining(['09:40', '10:20']));
    const retry = booked(await bookAppointment(deps, { ...form, start: gone.alternatives[0].start }));
    expect((await upcoming(second)).map((a) => a.id)).toEqual([retry.id]);
  });
});

describe('whose appointment it is', () => {
  it("answers NotFoundError for someone else's appointment, exactly as for a missing one", async () => {
    const specialty = uniqueSpecialty();
    const [doctor, otherDoctor] = await Promise.all([aDoctorWithPlan(deps, specialty), aDoctorWithPlan(deps, specialty)]);
    const [owner, stranger] = await Promise.all([aPatient(deps), aPatient(deps)]);
    const admin = await anAdmin(deps);
    const appointment = booked(await book(owner, { doctorId: doctor.id }, at('15:00')));

    const errors = await Promise.all(
      [stranger, otherDoctor].map((user) => appointmentFor(deps, user, appointment.id).catch((error: Error) => error)),
    );
    const missing = await appointmentFor(deps, owner, randomUUID()).catch((error: Error) => error);

    for (const error of errors) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe((missing as NotFoundError).message);
    }
    for (const user of [owner, doctor, admin]) expect((await appointmentFor(deps, user, appointment.id)).id).toBe(appointment.id);
    // Nor can a stranger cancel it: still booked, still holding its locks.
    await expect(cancel(deps, stranger, appointment.id, 'not mine')).rejects.toBeInstanceOf(NotFoundError);
    expect(await getAppointment(deps.db, appointment.id)).toMatchObject({ status: 'booked', version: 1 });
    const locks = await locksOf(deps.db, appointment);
    expect([...locks.doctor, ...locks.patient]).toEqual(Array(8).fill(appointment.id));
  });
});

describe('cancelling', () => {
  it('refuses a patient inside the cut-off, lets the doctor cancel with a reason, and frees the slot', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const patient = await aPatient(deps);
    const appointment = booked(await book(patient, { doctorId: doctor.id }, at('16:00')));
    const insideCutoff = minutesBefore(appointment.start, deps.config.booking.cancelCutoffHours * 60 - 1);

    await expect(cancel(deps, patient, appointment.id, undefined, insideCutoff)).rejects.toBeInstanceOf(BadRequestError);
    await expect(cancel(deps, doctor, appointment.id, undefined, insideCutoff)).rejects.toThrow(/reason/);
    expect(await getAppointment(deps.db, appointment.id)).toMatchObject({ status: 'booked', version: 1 });
    expect((await locksOf(deps.db, appointment)).doctor).toEqual(Array(4).fill(appointment.id));

    const cancelled = await cancel(deps, doctor, appointment.id, 'Called into theatre', insideCutoff);

    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await getAppointment(deps.db, appointment.id)).toMatchObject({
      status: 'cancelled',
      version: 2,
      cancellation: { by: 'doctor', userId: doctor.id, reason: 'Called into theatre', at: insideCutoff.toISOString() },
    });
    const locks = await locksOf(deps.db, appointment);
    expect([...locks.doctor, ...locks.patient].filter(Boolean)).toEqual([]);
    expect(await freeSlotsForDoctor(deps, doctor.id, date, minutesBefore(appointment.start, 24 * 60))).toContainEqual(expect.objectContaining({ start: appointment.start }));
    // Cancelling again is a conflict, not a second cancellation.
    await expect(cancel(deps, doctor, appointment.id, 'Again', insideCutoff)).rejects.toBeInstanceOf(ConflictError);
  });

  it('lets the patient cancel before the cut-off', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const patient = await aPatient(deps);
    const appointment = booked(await book(patient, { doctorId: doctor.id }, at('16:20')));
    const beforeCutoff = minutesBefore(appointment.start, deps.config.booking.cancelCutoffHours * 60 + 1);

    await cancel(deps, patient, appointment.id, undefined, beforeCutoff);

    expect(await getAppointment(deps.db, appointment.id)).toMatchObject({ status: 'cancelled', cancellation: { by: 'patient', userId: patient.id } });
    const locks = await locksOf(deps.db, appointment);
    expect([...locks.doctor, ...locks.patient].filter(Boolean)).toEqual([]);
  });
});

describe('why this doctor', () => {
  it('records the counter, the start index, the day\'s load and the doctors passed over with their reasons', async () => {
    const specialty = uniqueSpecialty();
    const doctors = (await Promise.all([1, 2, 3].map(() => aDoctorWithPlan(deps, specialty)))).sort((x, y) => x.id.localeCompare(y.id));
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => aPatient(deps)));
    // A fresh specialty's first request has counter 1, so the rotation starts at the second doctor
    // (by id): make them away and give the third a visit already, so the first one gets this one.
    await addLeave(deps.db, doctors[1].id, { id: randomUUID(), startsAt: at('00:00'), endsAt: at('23:59'), reason: 'Leave' });
    booked(await book(first, { doctorId: doctors[2].id }, at('11:40')));

    const any = booked(await book(second, { specialty }, at('11:40')));

    // The third doctor (one visit already) comes after the idle first one, so is not passed over.
    const expected = { mode: 'any', counter: 1, startIndex: 1, candidates: 3, dayLoad: 0, skipped: [{ doctorId: doctors[1].id, reason: 'not working' }] };
    expect(any.doctorId).toBe(doctors[0].id);
    expect(any.assignment).toEqual(expected);
    expect((await getAppointment(deps.db, any.id))!.assignment).toEqual(expected);
    // Next: counter 2 starts the rotation at the third doctor; the first and third have one visit
    // each, the second is away, so the tie goes to the third by rotation.
    const next = booked(await book(third, { specialty }, at('12:00')));
    expect(next.doctorId).toBe(doctors[2].id);
    expect((await getAppointment(deps.db, next.id))!.assignment).toEqual({
      mode: 'any', counter: 2, startIndex: 2, candidates: 3, dayLoad: 1, skipped: [{ doctorId: doctors[1].id, reason: 'not working' }],
    });
  });

  it('records a named booking as named', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const appointment = booked(await book(await aPatient(deps), { doctorId: doctor.id }, at('12:40')));

    expect((await getAppointment(deps.db, appointment.id))!.assignment).toEqual({ mode: 'named' });
  });
});
