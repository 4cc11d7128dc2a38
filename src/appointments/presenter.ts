/** Appointments with the names people read: doctor, patient, specialty, hospital. */
import type { Deps } from '../deps';
import { listHospitals, listSpecialties } from '../directory';
import { fullName, getUserById, type User } from '../users';
import { listUpcomingVisitsForPatient } from './repository';
import type { Appointment } from './types';
import { STATUS_LABELS } from './words';

export interface DescribedAppointment extends Appointment {
  doctorName: string;
  patientName: string;
  specialtyName: string;
  hospitalName: string;
  /** The status in plain words ("Checked in", "With the doctor"). */
  statusLabel: string;
}

export async function describeAppointments(deps: Pick<Deps, 'db'>, appointments: Appointment[]): Promise<DescribedAppointment[]> {
  const userIds = [...new Set(appointments.flatMap((a) => [a.doctorId, a.patientId]))];
  const [users, hospitals, specialties] = await Promise.all([
    Promise.all(userIds.map((id) => getUserById(deps.db, id))),
    appointments.length ? listHospitals(deps.db) : Promise.resolve([]),
    appointments.length ? listSpecialties(deps.db) : Promise.resolve([]),
  ]);
  const byId = new Map(users.filter((u): u is User => Boolean(u)).map((u) => [u.id, u]));
  const nameOf = (id: string) => (byId.has(id) ? fullName(byId.get(id)!) : 'Former user');
  return appointments.map((a) => ({
    ...a,
    doctorName: `Dr ${nameOf(a.doctorId)}`,
    patientName: nameOf(a.patientId),
    specialtyName: specialties.find((s) => s.slug === a.specialty)?.name ?? a.specialty,
    hospitalName: hospitals.find((h) => h.id === a.hospitalId)?.name ?? a.hospitalId,
    statusLabel: STATUS_LABELS[a.status] ?? a.status,
  }));
}

/** A patient's next few active visits, named, for their home page. */
export async function upcomingAppointmentsFor(deps: Pick<Deps, 'db'>, patientId: string, limit: number): Promise<DescribedAppointment[]> {
  const upcoming = await listUpcomingVisitsForPatient(deps.db, patientId, new Date().toISOString(), { limit });
  return describeAppointments(deps, upcoming.items);
}
