/** The reminder index of visits: booked visits whose next reminder is due, and moving a visit on from one. */
import type { Db } from '../../platform/db/client';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { appointmentKey } from '../keys';
import { queryDueReminders, stageReminderKeyMove, type ReminderIndex } from '../reminders/reminder-index';
import type { Appointment } from '../types';
import { toAppointment } from './items';

const VISIT_REMINDERS: ReminderIndex = { table: 'appointments', attributes: 'gsi4', key: appointmentKey };

/** Appointments whose next reminder is due at `now` or before, the longest due first. */
export async function listDueReminders(db: Db, now: Date, limit: number): Promise<Appointment[]> {
  return (await queryDueReminders(db, VISIT_REMINDERS, now, limit)).map(toAppointment);
}

/** Moves a visit on from the reminder it was read with, if nothing changed since (reminders/reminder-index.ts). */
export function stageReminderMove(work: UnitOfWork, read: Appointment, next: string | undefined): void {
  stageReminderKeyMove(work, VISIT_REMINDERS, read, next);
}
