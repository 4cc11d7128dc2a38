/** How a visit's status and cancellation read to people: plain words, never the stored codes. */
import type { Appointment, AppointmentStatus } from './types';

/** A status as a badge shows it. */
export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  'checked-in': 'Checked in',
  'in-progress': 'With the doctor',
  completed: 'Completed',
  'no-show': 'Missed',
  cancelled: 'Cancelled',
};

/** A status inside a sentence: "This appointment is already cancelled and …". */
export const STATUS_PHRASES: Record<AppointmentStatus, string> = {
  booked: 'booked',
  'checked-in': 'already checked in',
  'in-progress': 'already under way',
  completed: 'already over',
  'no-show': 'marked as missed',
  cancelled: 'already cancelled',
};

const CANCELLED_BY = { patient: 'the patient', doctor: 'the doctor', admin: 'the hospital' } as const;

/** "Cancelled by you — reason: Feeling better", "Cancelled by the patient", as `viewerId` reads it. */
export function cancellationNote(cancellation: NonNullable<Appointment['cancellation']>, viewerId: string): string {
  const by = cancellation.userId === viewerId ? 'you' : CANCELLED_BY[cancellation.by];
  return `Cancelled by ${by}${cancellation.reason ? ` — reason: ${cancellation.reason}` : ''}`;
}
