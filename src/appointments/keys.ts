/** Every key of the appointments table is built here, and only here. */
import type { Appointment } from './types';
import { REMINDER_INDEX_KEY, reminderSortKey } from './reminders/reminder-index';

export const APPOINTMENT_PREFIX = 'APPT#';
export const ARCHIVED_PREFIX = 'ARCHIVED#';
export const appointmentKey = (id: string) => ({ pk: `${APPOINTMENT_PREFIX}${id}`, sk: 'APPT' });
/** The stand-in an archived visit leaves behind (src/archive moved the visit itself to S3). */
export const archivedKey = (id: string) => ({ pk: `${ARCHIVED_PREFIX}${id}`, sk: 'ARCHIVED' });
export const doctorBlockKey = (doctorId: string, block: string) => ({ pk: `DOCTOR_BUSY#${doctorId}#${block}`, sk: 'LOCK' });
export const patientBlockKey = (patientId: string, block: string) => ({ pk: `PATIENT_BUSY#${patientId}#${block}`, sk: 'LOCK' });
export const idempotencyKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });
export const counterKey = (specialty: string) => ({ pk: `ROUND_ROBIN#${specialty}`, sk: 'COUNTER' });
/** How many places (active visits) a patient holds: see `holdsPlace` in types.ts. */
export const patientPlacesKey = (patientId: string) => ({ pk: `PATIENT_PLACES#${patientId}`, sk: 'COUNTER' });
export const doctorRatingKey = (doctorId: string) => ({ pk: `RATINGS#DOCTOR#${doctorId}`, sk: 'TOTALS' });
export const hospitalRatingKey = (hospitalId: string) => ({ pk: `RATINGS#HOSPITAL#${hospitalId}`, sk: 'TOTALS' });

/** A doctor's schedule: one partition, the plan and one item per leave. */
export const schedulePartition = (doctorId: string) => `SCHEDULE#${doctorId}`;
export const PLAN_SORT_KEY = 'PLAN';
export const LEAVE_PREFIX = 'LEAVE#';
export const planKey = (doctorId: string) => ({ pk: schedulePartition(doctorId), sk: PLAN_SORT_KEY });
export const leaveKey = (doctorId: string, leave: { id: string; startsAt: string }) => ({ pk: schedulePartition(doctorId), sk: `${LEAVE_PREFIX}${leave.startsAt}#${leave.id}` });

/** Waitlist entries: open ones sit in the sparse byDoctorDay partition below, oldest first. */
export const waitlistEntryKey = (id: string) => ({ pk: `WAIT#${id}`, sk: 'WAIT' });
export const OPEN_WAITLIST_INDEX_KEY = 'WAITLIST#open';
export const patientWaitlistIndexKey = (patientId: string) => `PATIENT_WAIT#${patientId}`;

export const doctorDayIndexKey = (doctorId: string, localDate: string) => `DOCTOR#${doctorId}#${localDate}`;
export const patientIndexKey = (patientId: string) => `PATIENT#${patientId}`;
/** A patient's visits in two partitions: active ones (booked, checked in, under way) and ended ones. */
export const patientVisitsIndexKey = (patientId: string, active: boolean) => `PATIENT_${active ? 'ACTIVE' : 'ENDED'}#${patientId}`;
const ACTIVE: readonly Appointment['status'][] = ['booked', 'checked-in', 'in-progress'];
export const dayIndexKey = (localDate: string) => `DAY#${localDate}`;
/** One department (a specialty at a hospital) on one local date: what a doctor's day counts. */
export const departmentDayIndexKey = (hospitalId: string, specialty: string, localDate: string) => `DEPT#${hospitalId}#${specialty}#${localDate}`;

export { REMINDER_INDEX_KEY, reminderSortKey };

export function appointmentIndexAttributes(appointment: Appointment) {
  const sortKey = `${appointment.start}#${appointment.id}`;
  // Sparse: only a booked visit with a reminder still to send is in the reminder index.
  const reminder = appointment.status === 'booked' && appointment.nextReminderAt ? { gsi4pk: REMINDER_INDEX_KEY, gsi4sk: reminderSortKey(appointment) } : {};
  return {
    gsi1pk: doctorDayIndexKey(appointment.doctorId, appointment.localDate),
    gsi1sk: sortKey,
    gsi2pk: patientIndexKey(appointment.patientId),
    gsi2sk: sortKey,
    gsi3pk: dayIndexKey(appointment.localDate),
    gsi3sk: sortKey,
    ...reminder,
    gsi5pk: departmentDayIndexKey(appointment.hospitalId, appointment.specialty, appointment.localDate),
    gsi5sk: sortKey,
    gsi6pk: patientVisitsIndexKey(appointment.patientId, ACTIVE.includes(appointment.status)),
    gsi6sk: sortKey,
  };
}
