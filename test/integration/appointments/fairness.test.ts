/**
 * DESIGN.md "Round-robin": with equal availability the spread (max - min visits per doctor over a
 * day) is at most 1, and a doctor back from leave rejoins the rotation without being flooded.
 * "Any doctor" bookings are made one after another, as patients arrive, and counted from the
 * appointments read back per doctor and day.
 */
import { randomUUID } from 'node:crypto';
import { addLeave } from '../../../src/appointments';
import { listAppointmentsForDoctorOnDay } from '../../../src/appointments/repository';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { freeSlotsForSpecialty } from '../../../src/appointments/booking/availability';
import type { Appointment } from '../../../src/appointments/types';
import type { User } from '../../../src/users';
import { aDoctorWithPlan, everyDayPlan, formKey, futureWeekday, instantAt, planSlots, uniqueSpecialty } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { aPatient } from '../../helpers/users';

const { deps } = buildTestApp();
const zone = deps.config.timeZone;

/** Books "any doctor" at each start in turn, one patient each, waiting for every answer. */
async function bookInTurn(specialty: string, starts: string[]): Promise<Appointment[]> {
  const booked: Appointment[] = [];
  for (const start of starts) {
    const patient = await aPatient(deps);
    const result = await bookAppointment(deps, { patient, specialty, start, reason: 'Routine check', idempotencyKey: formKey() });
    if (result.kind !== 'booked') throw new Error(`expected a booking at ${start}, got ${result.kind}`);
    booked.push(result.appointment);
  }
  return booked;
}

/** Visits per doctor on the date, as stored. */
async function visitsPerDoctor(doctors: User[], date: string, filter: (a: Appointment) => boolean = () => true): Promise<number[]> {
  const days = await Promise.all(doctors.map((d) => listAppointmentsForDoctorOnDay(deps.db, d.id, date)));
  return days.map((day) => day.filter((a) => a.status === 'booked' && filter(a)).length);
}

const spread = (counts: number[]) => Math.max(...counts) - Math.min(...counts);

/** A small seeded generator, so the "random" patients choose the same times on every run. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

describe('round-robin fairness', () => {
  it('spreads 60 "any doctor" bookings, asked for in the order of the day\'s times, over 3 equally available doctors within 1', async () => {
    const specialty = uniqueSpecialty();
    const doctors = await Promise.all([1, 2, 3].map(() => aDoctorWithPlan(deps, specialty, everyDayPlan([{ start: '09:00', end: '17:00' }]))));
    const date = futureWeekday(zone, 4);
    const slots = await planSlots(deps, doctors[0].id, date);
    expect(slots).toHaveLength(24);
    // 72 places, 60 requests: patients ask for the day's times in order, several rounds, so later
    // requests meet times that are partly taken and the rotation must skip.
    const starts = Array.from({ length: 60 }, (_, i) => slots[i % slots.length].start);

    const booked = await bookInTurn(specialty, starts);

    const counts = await visitsPerDoctor(doctors, date);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    expect(spread(counts)).toBeLessThanOrEqual(1);
    // Each request advanced the specialty counter exactly once, in order.
    expect(booked.map((a) => a.assignment.counter)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // And no doctor had two visits at once.
    for (const doctor of doctors) {
      const starts = booked.filter((a) => a.doctorId === doctor.id).map((a) => a.start);
      expect(new Set(starts).size).toBe(starts.length);
    }
  });

  it('gives a doctor back from leave about a third of what follows, not a catch-up flood', async () => {
    const specialty = uniqueSpecialty();
    const doctors = await Promise.all([1, 2, 3].map(() => aDoctorWithPlan(deps, specialty, everyDayPlan([{ start: '08:00', end: '20:00' }]))));
    const returning = doctors[2];
    const date = futureWeekday(zone, 5);
    // Away all morning: the first 30 bookings fall in the morning, the next 30 in the afternoon.
    await addLeave(deps.db, returning.id, { id: randomUUID(), startsAt: instantAt(date, '08:00', zone), endsAt: instantAt(date, '14:00', zone), reason: 'Half day' });
    const slots = await planSlots(deps, doctors[0].id, date);
    const morning = slots.filter((s) => s.label < '14:00');
    const afternoon = slots.filter((s) => s.label >= '14:00');
    expect([morning.length, afternoon.length]).toEqual([18, 18]);

    const firstHalf = await bookInTurn(specialty, Array.from({ length: 30 }, (_, i) => morning[i % 18].start));
    const secondHalf = await bookInTurn(specialty, Array.from({ length: 30 }, (_, i) => afternoon[i % 18].start));

    expect(firstHalf.filter((a) => a.doctorId === returning.id)).toEqual([]);
    const afterReturn = await visitsPerDoctor(doctors, date, (a) => a.start >= afternoon[0].start);
    expect(afterReturn.reduce((a, b) => a + b, 0)).toBe(30);
    const theirs = afterReturn[2];
    expect(theirs).toBeLessThanOrEqual(Math.ceil(30 / 3) + 1);
    // Not starved either: back in the rotation at its usual share.
    expect(theirs).toBeGreaterThanOrEqual(Math.floor(30 / 3) - 1);
    expect(secondHalf.filter((a) => a.doctorId === returning.id)).toHaveLength(theirs);
  });

  // Patients choose freely among the offered times (seed 7 gave a spread of 2 under plain rotation,
  // 2..7 on most simulated days): offering the visit to the least-loaded free doctor keeps it at 1.
  it('keeps the spread within 1 when patients pick free times in random order', async () => {
    const specialty = uniqueSpecialty();
    const doctors = await Promise.all([1, 2, 3].map(() => aDoctorWithPlan(deps, specialty, everyDayPlan([{ start: '09:00', end: '17:00' }]))));
    const date = futureWeekday(zone, 6);
    const random = seeded(7);

    for (let i = 0; i < 60; i++) {
      const offered = await freeSlotsForSpecialty(deps, specialty, date);
      await bookInTurn(specialty, [offered[Math.floor(random() * offered.length)].start]);
    }

    const counts = await visitsPerDoctor(doctors, date);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    expect(spread(counts)).toBeLessThanOrEqual(1);
  });
});
