/**
 * Appointment reminders (MEDTRACK_REMINDERS, e.g. 24 h and 2 h before). A booked visit sits in the
 * sparse `byReminder` index, keyed by when its next reminder is due, while one is left to send.
 * A pass, run every minute, queries what is due and, per visit, enqueues the reminder and moves the
 * key on in ONE conditional transaction: with any number of processes running passes, each
 * reminder is enqueued exactly once, and a visit moved or cancelled meanwhile gets none.
 */
import { notify } from '../../notifications';
import { ifConditionFails } from '../../platform/db/errors';
import { withRetry } from '../../platform/db/retry';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { noticesOf } from '../notices';
import { listDueReminders, stageReminderMove } from '../repository';
import type { Appointment, Ctx } from '../types';
import { reminderStep } from './times';

/** Visits handled per pass; more wait for the next minute. */
const PASS_LIMIT = 200;

type Outcome = 'sent' | 'skipped' | 'taken';

/**
 * Sends the reminders due at `now`. `skipped`: due but no longer worth sending (the visit began, a
 * later reminder is due too, the visit is no longer booked); `taken`: another pass got there first
 * or the visit changed since it was read (a later pass sees it afresh).
 */
export async function sendDueReminders(ctx: Ctx, now = new Date()): Promise<Record<Outcome, number>> {
  const counts: Record<Outcome, number> = { sent: 0, skipped: 0, taken: 0 };
  for (const appointment of await listDueReminders(ctx.db, now, PASS_LIMIT)) counts[await remind(ctx, appointment, now)] += 1;
  return counts;
}

async function remind(ctx: Ctx, appointment: Appointment, now: Date): Promise<Outcome> {
  const booked = appointment.status === 'booked';
  const step = booked ? reminderStep(appointment.start, ctx.config.notifications.reminderOffsetsMs, appointment.nextReminderAt!, now) : { send: false };
  const notices = step.send ? await noticesOf(ctx, 'reminder', appointment, now) : [];
  const send = () => {
    const work = new UnitOfWork(ctx.db);
    stageReminderMove(work, appointment, step.next);
    return notify(ctx, notices, work);
  };
  const sent = () => withRetry(send);
  return ifConditionFails(() => sent().then((): Outcome => (notices.length ? 'sent' : 'skipped')), 'taken' as const);
}
