/**
 * Builders for the archive tests: visits in the past (the booking rules refuse those), written by
 * the app's own transactions so they carry real lock items, then moved on to the wanted status.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { cancelAppointment, insertAppointment, updateAppointmentStatus } from '../../../src/appointments/repository';
import type { Appointment, AppointmentStatus } from '../../../src/appointments/types';
import type { Deps } from '../../../src/deps';

export interface PastVisit {
  start: DateTime;
  status: AppointmentStatus;
  patientId?: string;
  doctorId?: string;
  minutes?: number;
}

/** Local `hh:mm` on the date `daysAgo` days before today, in the hospital's zone. */
export const daysAgoAt = (deps: Deps, daysAgo: number, hhmm = '10:00') =>
  DateTime.fromISO(`${DateTime.now().setZone(deps.config.timeZone).minus({ days: daysAgo }).toISODate()}T${hhmm}`, { zone: deps.config.timeZone });

export async function aPastVisit(deps: Deps, visit: PastVisit): Promise<Appointment> {
  const booked: Appointment = {
    id: randomUUID(),
    patientId: visit.patientId ?? randomUUID(),
    doctorId: visit.doctorId ?? randomUUID(),
    specialty: 'cardiology',
    hospitalId: 'city-general',
    start: visit.start.toUTC().toISO()!,
    end: visit.start.plus({ minutes: visit.minutes ?? 20 }).toUTC().toISO()!,
    localDate: visit.start.setZone(deps.config.timeZone).toISODate()!,
    status: 'booked',
    reason: 'Chest pain when climbing stairs',
    assignment: { mode: 'named' },
    version: 1,
    createdAt: visit.start.minus({ days: 3 }).toUTC().toISO()!,
  };
  const outcome = await insertAppointment(deps.db, booked, randomUUID(), randomUUID());
  if (outcome !== 'booked') throw new Error(`could not write the visit: ${outcome}`);
  const at = visit.start.toUTC().toISO()!;
  switch (visit.status) {
    case 'booked':
      return booked;
    case 'cancelled':
      return cancelAppointment(deps.db, booked, { by: 'patient', userId: booked.patientId, reason: 'Feeling better', at });
    case 'completed': {
      const started = await updateAppointmentStatus(deps.db, booked, 'in-progress', { timeline: { startedAt: at } });
      const consultation = { diagnosis: 'Stable angina', notes: 'Review in a month', prescription: [{ drug: 'Aspirin', dose: '75 mg', frequency: 'once a day', duration: '30 days' }] };
      return updateAppointmentStatus(deps.db, started, 'completed', { consultation, timeline: { startedAt: at, completedAt: at } });
    }
    default:
      return updateAppointmentStatus(deps.db, booked, visit.status, {});
  }
}
