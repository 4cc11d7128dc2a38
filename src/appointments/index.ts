/** Appointments and schedules: the door other features use. */
export type { WeeklyPlan, Leave, Slot, TimeRange, Weekday } from './schedule';
export { WEEKDAYS, DEFAULT_SLOT_MINUTES, slotsOn } from './schedule';
export { getSchedule, savePlan, addLeave, removeLeave, type Schedule } from './schedule-repository';
export type { Appointment, AppointmentStatus, Rating } from './types';
export { upcomingAppointmentsFor } from './presenter';
export { nextFreeSlot } from './service';
export { doctorRatings, hospitalRatings, rateVisit, type RatingSummary } from './ratings';
export { assignWaitlist } from './waitlist';
export { sendDueReminders } from './reminders';
/** For the archiver (src/archive), which moves finished visits and their lock items to S3. */
export { appointmentIndexAttributes, appointmentKey, dayIndexKey, doctorBlockKey, patientBlockKey } from './keys';
export { blocksOf } from './locks';
export { toAppointment } from './repository';
export { describeAppointments, type DescribedAppointment } from './presenter';
