/** Builders for the timeline tests: visits in the past with a record (vitals too), and issued prescriptions. */
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import { insertAppointment, updateAppointmentStatus } from '../../../src/appointments/repository';
import type { Appointment, AppointmentStatus, Consultation } from '../../../src/appointments/types';
import type { Deps } from '../../../src/deps';
import { createPrescription } from '../../../src/prescriptions/repository';
import type { Prescription } from '../../../src/prescriptions/types';

export async function aVisit(deps: Deps, visit: { start: DateTime; status: AppointmentStatus; patientId: string; doctorId: string; consultation?: Consultation }): Promise<Appointment> {
  const booked: Appointment = {
    id: randomUUID(),
    patientId: visit.patientId,
    doctorId: visit.doctorId,
    specialty: 'cardiology',
    hospitalId: 'city-general',
    start: visit.start.toUTC().toISO()!,
    end: visit.start.plus({ minutes: 20 }).toUTC().toISO()!,
    localDate: visit.start.setZone(deps.config.timeZone).toISODate()!,
    status: 'booked',
    reason: 'Check-up',
    assignment: { mode: 'named' },
    version: 1,
    createdAt: visit.start.minus({ days: 3 }).toUTC().toISO()!,
  };
  const outcome = await insertAppointment(deps.db, booked, randomUUID(), randomUUID());
  if (outcome !== 'booked') throw new Error(`could not write the visit: ${outcome}`);
  const at = booked.start;
  if (visit.status === 'booked') return booked;
  if (visit.status !== 'completed') return updateAppointmentStatus(deps.db, booked, visit.status, {});
  const started = await updateAppointmentStatus(deps.db, booked, 'in-progress', { timeline: { startedAt: at } });
  return updateAppointmentStatus(deps.db, started, 'completed', { consultation: visit.consultation, timeline: { startedAt: at, completedAt: at } });
}

/** A prescription as issuing writes it (through the repository), issued at `issuedAt`. */
export async function aPrescription(deps: Deps, visit: Appointment, issuedAt: string): Promise<Prescription> {
  const prescription: Prescription = {
    id: randomUUID(),
    appointmentId: visit.id,
    patientId: visit.patientId,
    doctorId: visit.doctorId,
    hospitalId: visit.hospitalId,
    patientName: 'Test Patient',
    doctorName: 'Dr Test Doctor',
    lines: visit.consultation?.prescription ?? [],
    issuedAt,
    contentVersion: 1,
    status: 'active',
    dispenseCodeHash: '0'.repeat(64),
    dispenseCodeKeyId: 'test',
    version: 1,
  };
  if (!(await createPrescription(deps.db, prescription))) throw new Error('prescription not written');
  return prescription;
}
