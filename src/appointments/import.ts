/**
 * For the demo seed: visits that happened (or are booked) written as the rules would have left
 * them, so a new database shows a hospital with a past. Each visit starts at version 1; an active
 * one holds its patient's place and, when booked, waits for its next reminder.
 */
import type { Notification } from '../notifications';
import { noticesOf, type AppointmentEvent } from './notices';
import { writeImportedVisits } from './repository';
import { nextReminderAt } from './reminders/times';
import type { Appointment, Ctx } from './types';

export type PastOrBookedVisit = Omit<Appointment, 'version' | 'nextReminderAt' | 'holdsPlace' | 'archived'>;

const ACTIVE: readonly Appointment['status'][] = ['booked', 'checked-in', 'in-progress'];

export async function importVisits(ctx: Pick<Ctx, 'db' | 'config'>, visits: PastOrBookedVisit[], now = new Date()): Promise<void> {
  const offsets = ctx.config.notifications.reminderOffsetsMs;
  const stored = visits.map((visit): Appointment => ({
    ...visit,
    version: 1,
    holdsPlace: ACTIVE.includes(visit.status) ? true : undefined,
    nextReminderAt: visit.status === 'booked' ? nextReminderAt(visit.start, offsets, now) : undefined,
  }));
  await writeImportedVisits(ctx.db, stored, now);
}

/** The inbox entries an event on a visit left behind, without the e-mail and SMS that went with them. */
export async function inboxEntriesOf(ctx: Ctx, event: AppointmentEvent, visit: Appointment, at: Date): Promise<Notification[]> {
  const notices = await noticesOf(ctx, event, visit, at);
  return notices.map((notice) => ({ ...notice, email: undefined, sms: undefined }));
}
