/** Appointments and schedules: the door other features use. Keys and storage stay inside. */
export { appointmentRoutes } from './routes';
export type { ArchivedVisitReader } from './visits/service';
/** For prescriptions: a visit the user may see (patient, doctor, admin), else not found. */
export { appointmentFor } from './visits/service';
export type { WeeklyPlan, Leave, Slot, TimeRange, Weekday } from './schedule/plan';
export { WEEKDAYS, DEFAULT_SLOT_MINUTES, slotsOn } from './schedule/plan';
export { getSchedule, savePlan, addLeave, removeLeave, type Schedule } from './schedule/repository';
export type { Appointment, AppointmentStatus, PrescriptionLine, Rating } from './types';
export { upcomingAppointmentsFor, describeAppointments, type DescribedAppointment } from './presenter';
export { nextFreeSlot } from './booking/availability';
export { bookAppointment, type BookingResult } from './booking/service';
export { createDayBoard, type DayBoard } from './booking/day-board';
export { listAppointmentsForDoctorOnDay } from './repository';
/** For records: the doctors of a patient's past visits (whom they may share a file with). */
export { listPastAppointmentsForPatient } from './repository';
/** For records and the timeline: whether a doctor cares for a patient (a visit booked, or completed within the configured months). */
export { caresFor } from './care';
export { doctorRatings, hospitalRatings, type RatingSummary } from './ratings/repository';
export { askToWait, assignWaitlist } from './waitlist/service';
export { sendDueReminders } from './reminders/service';
/** For the archiver (src/archive): a day's visits as stored, replacing one with its stand-in, reading stand-ins. */
export { listStoredVisitsOnDay, replaceWithStandIn, getArchivePointer, toAppointment, type ArchivePointer } from './repository';
/** Once after upgrading: index keys (department, patient's visits) for items written before those indexes existed. */
export { backfillIndexKeys } from './repository';
/** For the demo seed: visits with a history, written at once. */
export { importVisits, inboxEntriesOf, type PastOrBookedVisit } from './import';
/** For the health timeline (src/timeline): the visits source, and vitals over time for its chart. */
export { visitTimeline, type ArchivedRecordReader } from './timeline/source';
export { vitalsSince, type VitalsReading } from './timeline/vitals';
export { VITAL_WORDS } from './timeline/entries';
export type { Vitals } from './types';
/** For provider analytics (src/analytics, a job reads whole days): every visit of a local date, and the open waitlist entries now. */
export { listAppointmentsOnDay } from './repository';
export { countOpenWaitlistEntries } from './waitlist/repository';
/** For other calendars on the booking engine (the blood bank's donation chairs): block locks and the reminder pass. */
export { stageCalendarHold, stageCalendarRelease, type CalendarHold, type HoldRefusals } from './calendar';
export { runReminderPass, type ReminderSource, type Remindable } from './reminders/pass';
export { queryDueReminders, REMINDER_INDEX_KEY, reminderSortKey, stageReminderKeyMove, type ReminderIndex } from './reminders/reminder-index';
export { nextReminderAt } from './reminders/times';
export { planOffers, localDateOf, toUtcIso } from './schedule/plan';
export { soonPhrase } from './notices';
/** For other calendars' booking forms: the patient's hourly budget of booking requests, shared with visits. */
export { limitBookingRequests } from './booking/limits';
