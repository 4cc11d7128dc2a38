/**
 * Appointment reminders (MEDTRACK_REMINDERS, e.g. 24 h and 2 h before). A booked visit sits in the
 * sparse `byReminder` index, keyed by when its next reminder is due, while one is left to send.
 * The pass (pass.ts, shared with the blood bank's donation bookings), run every minute, queries
 * what is due and, per visit, enqueues the reminder and moves the key on in ONE conditional
 * transaction: each reminder is enqueued exactly once, and a visit moved or cancelled meanwhile gets none.
 */
import { noticesOf } from '../notices';
import { listDueReminders, stageReminderMove } from '../repository';
import type { Appointment, Ctx } from '../types';
import { runReminderPass, type ReminderOutcome, type ReminderSource } from './pass';

type Remindable = Appointment & { booked: boolean };

const appointmentReminders: ReminderSource<Remindable> = {
  listDue: async (db, now, limit) => (await listDueReminders(db, now, limit)).map((a) => ({ ...a, booked: a.status === 'booked' })),
  stageMove: (work, read, next) => stageReminderMove(work, read, next),
  notices: (ctx, appointment, now) => noticesOf(ctx, 'reminder', appointment, now),
};

/**
 * Sends the reminders due at `now`. `skipped`: due but no longer worth sending (the visit began, a
 * later reminder is due too, the visit is no longer booked); `taken`: another pass got there first
 * or the visit changed since it was read (a later pass sees it afresh).
 */
export function sendDueReminders(ctx: Ctx, now = new Date()): Promise<Record<ReminderOutcome, number>> {
  return runReminderPass(ctx, appointmentReminders, now);
}
