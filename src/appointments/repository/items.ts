/** An appointment as stored: its item (key and index attributes) and back. */
import { appointmentIndexAttributes, appointmentKey } from '../keys';
import type { Appointment } from '../types';

const FIELDS = [
  'id', 'patientId', 'doctorId', 'specialty', 'hospitalId', 'start', 'end', 'localDate', 'status', 'reason',
  'assignment', 'cancellation', 'timeline', 'consultation', 'rating', 'nextReminderAt', 'holdsPlace', 'version', 'createdAt',
] as const;

/** The appointment an item holds (a live one, a stand-in, or an archived record read back). */
export function toAppointment(item: Record<string, unknown>): Appointment {
  const appointment: Record<string, unknown> = {};
  for (const field of FIELDS) if (item[field] !== undefined) appointment[field] = item[field];
  if (item.archivedPart) appointment.archived = true;
  return appointment as unknown as Appointment;
}

/** The item an appointment is stored as: its key, every index it is listed in, its fields. */
export const appointmentItem = (appointment: Appointment) => ({ ...appointmentKey(appointment.id), ...appointmentIndexAttributes(appointment), ...appointment });
