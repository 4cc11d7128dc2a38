/**
 * Each process keeps a short-lived view of the doctors' days for "any doctor" (service/day-board.ts).
 * Two apps on the same tables stand for two processes: a stale view never double-books, learns
 * from a refused transaction, and shows what other processes did after at most its maximum age.
 */
import { setTimeout } from 'node:timers/promises';
import { listAppointmentsForDoctorOnDay } from '../../../src/appointments/repository';
import { bookAppointment, type BookingResult } from '../../../src/appointments/booking/service';
import { cancel } from '../../../src/appointments/visits/service';
import type { Deps } from '../../../src/deps';
import type { User } from '../../../src/users';
import { aDoctorWithPlan, everyDayPlan, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { buildTestApp } from '../../helpers/app';
import { aPatient } from '../../helpers/users';

// Long enough for the steps between B's read and its last stale booking, even on a slow machine.
const MAX_AGE_MS = 1500;
const processA = buildTestApp({ MEDTRACK_AVAILABILITY_VIEW_MS: String(MAX_AGE_MS) }).deps;
const processB = buildTestApp({ MEDTRACK_AVAILABILITY_VIEW_MS: String(MAX_AGE_MS) }).deps;
const zone = processA.config.timeZone;

async function bookAny(deps: Deps, specialty: string, start: string, patient?: User): Promise<BookingResult> {
  return bookAppointment(deps, { patient: patient ?? (await aPatient(deps)), specialty, start, reason: 'Check-up', idempotencyKey: formKey() });
}

const booked = (result: BookingResult) => {
  if (result.kind !== 'booked') throw new Error(`expected a booking, got ${result.kind}`);
  return result.appointment;
};

describe('the view of the doctors\' days kept by each process', () => {
  it('tries the next doctor when another process took the slot, never double-books, and sees a cancellation after its maximum age', async () => {
    const specialty = uniqueSpecialty();
    const doctors = await Promise.all([1, 2].map(() => aDoctorWithPlan(processA, specialty, everyDayPlan([{ start: '09:00', end: '12:00' }]))));
    const date = futureWeekday(zone, 5);
    const [early, wanted] = [instantAt(date, '09:00', zone), instantAt(date, '10:00', zone)];
    const patients = await Promise.all([1, 2, 3, 4].map(() => aPatient(processA)));

    // B reads the day (and books at 09:00); A then books 10:00 with the doctor B's view has as free.
    const first = booked(await bookAny(processB, specialty, early, patients[0]));
    const other = doctors.find((d) => d.id !== first.doctorId)!;
    const byA = booked(await bookAny(processA, specialty, wanted, patients[1]));
    expect(byA.doctorId).toBe(other.id);

    // B still sees `other` as the less loaded and free at 10:00; the transaction says otherwise.
    const byB = booked(await bookAny(processB, specialty, wanted, patients[2]));
    expect(byB.doctorId).toBe(first.doctorId);
    expect(byB.assignment.skipped).toEqual([{ doctorId: other.id, reason: 'slot taken' }]);
    const days = await Promise.all(doctors.map((d) => listAppointmentsForDoctorOnDay(processA.db, d.id, date)));
    expect(days.map((day) => day.filter((a) => a.start === wanted && a.status === 'booked')).map((d) => d.length)).toEqual([1, 1]);

    // A cancels its visit; B learns of it once its view is older than the maximum age.
    await cancel(processA, other, byA.id, 'Called away');
    expect((await bookAny(processB, specialty, wanted, patients[3])).kind).toBe('no-doctor-free');
    await setTimeout(MAX_AGE_MS + 50);
    expect(booked(await bookAny(processB, specialty, wanted, patients[3])).doctorId).toBe(other.id);
  });

  it('reads afresh on every request with a maximum age of 0', async () => {
    const fresh = buildTestApp({ MEDTRACK_AVAILABILITY_VIEW_MS: '0' }).deps;
    const specialty = uniqueSpecialty();
    const doctor = await aDoctorWithPlan(fresh, specialty, everyDayPlan([{ start: '09:00', end: '12:00' }]));
    const wanted = instantAt(futureWeekday(zone, 5), '11:00', zone);
    const visit = booked(await bookAny(fresh, specialty, wanted));
    await cancel(processA, doctor, visit.id, 'Called away');
    expect(booked(await bookAny(fresh, specialty, wanted)).doctorId).toBe(doctor.id);
  });
});
