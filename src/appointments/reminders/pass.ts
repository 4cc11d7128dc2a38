/**
 * One reminder pass over any calendar's bookings: appointments (reminders/service.ts) and the
 * blood bank's donation bookings run the same pass over their own reminder index. Per booking, the
 * reminder is enqueued and the key moved on in ONE conditional transaction, so with any number of
 * processes running passes each reminder goes out once, and a booking moved or cancelled
 * meanwhile gets none.
 */
import { notify, type Notification } from '../../notifications';
import type { Db } from '../../platform/db/client';
import { ifConditionFails } from '../../platform/db/errors';
import { withRetry } from '../../platform/db/retry';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import type { Ctx } from '../types';
import { reminderStep } from './times';

/** Bookings handled per pass; more wait for the next minute. */
const PASS_LIMIT = 200;

/** What a pass needs to know of a booking. */
export interface Remindable {
  id: string;
  start: string;
  /** Whether the booking still stands (only then is a reminder worth sending). */
  booked: boolean;
  nextReminderAt?: string;
}

/** A calendar's reminder index and wording. */
export interface ReminderSource<T extends Remindable> {
  listDue(db: Db, now: Date, limit: number): Promise<T[]>;
  /** Stages moving the key from the reminder `read` was read with to `next` (or out), conditioned on nothing having changed. */
  stageMove(work: UnitOfWork, read: T, next: string | undefined): void;
  notices(ctx: Ctx, booking: T, now: Date): Promise<Notification[]>;
}

export type ReminderOutcome = 'sent' | 'skipped' | 'taken';

/**
 * Sends the reminders due at `now`. `skipped`: due but no longer worth sending (the booking began, a
 * later reminder is due too, it no longer stands); `taken`: another pass got there first or the
 * booking changed since it was read (a later pass sees it afresh).
 */
export async function runReminderPass<T extends Remindable>(ctx: Ctx, source: ReminderSource<T>, now: Date): Promise<Record<ReminderOutcome, number>> {
  const counts: Record<ReminderOutcome, number> = { sent: 0, skipped: 0, taken: 0 };
  for (const booking of await source.listDue(ctx.db, now, PASS_LIMIT)) counts[await remind(ctx, source, booking, now)] += 1;
  return counts;
}

async function remind<T extends Remindable>(ctx: Ctx, source: ReminderSource<T>, booking: T, now: Date): Promise<ReminderOutcome> {
  const step = booking.booked ? reminderStep(booking.start, ctx.config.notifications.reminderOffsetsMs, booking.nextReminderAt!, now) : { send: false };
  const notices = step.send ? await source.notices(ctx, booking, now) : [];
  const send = () => {
    const work = new UnitOfWork(ctx.db);
    source.stageMove(work, booking, step.next);
    return notify(ctx, notices, work);
  };
  return ifConditionFails(() => withRetry(send).then((): ReminderOutcome => (notices.length ? 'sent' : 'skipped')), 'taken' as const);
}
