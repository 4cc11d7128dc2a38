/** Appointments and schedules: the door other features use. */
export type { WeeklyPlan, Leave, Slot, TimeRange, Weekday } from './schedule';
export { WEEKDAYS, DEFAULT_SLOT_MINUTES, slotsOn } from './schedule';
export { getSchedule, savePlan, addLeave, removeLeave, type Schedule } from './schedule-repository';
export type { Appointment, AppointmentStatus } from './types';
export { upcomingAppointmentsFor } from './presenter';
export { nextFreeSlot } from './service';
export { doctorRatings, hospitalRatings, type RatingSummary } from './ratings';
export { assignWaitlist } from './waitlist';
