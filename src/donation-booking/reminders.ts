/**
 * Donation reminders: the appointments' reminder pass (MEDTRACK_REMINDERS, exactly once across
 * processes) over this table's sparse `byReminder` index, with the donation wording. The minute
 * job `appointment-reminders` runs it after the visits' pass.
 */
import { runReminderPass, type ReminderSource } from '../appointments';
import type { Deps } from '../deps';
import type { Db } from '../platform/db/client';
import { queryAll } from '../platform/db/query';
import type { UnitOfWork } from '../platform/db/unit-of-work';
import { getUserById } from '../users';
import { bookingKey, REMINDER_INDEX_KEY, reminderSortKey } from './keys';
import { donationNotice } from './notices';
import { toBooking } from './repository';
import type { DonationBooking } from './types';

type Remindable = DonationBooking & { booked: boolean };

async function listDue(db: Db, now: Date, limit: number): Promise<Remindable[]> {
  const items = await queryAll(
    db,
    {
      TableName: db.tables.donationBookings,
      IndexName: 'byReminder',
      KeyConditionExpression: 'gsi3pk = :reminder AND gsi3sk <= :now',
      // '~' sorts after every id, so a key due exactly now is included.
      ExpressionAttributeValues: { ':reminder': REMINDER_INDEX_KEY, ':now': `${now.toISOString()}#~` },
    },
    limit,
  );
  return items.map(toBooking).map((b) => ({ ...b, booked: b.status === 'booked' }));
}

/** Moves the key on (or out) only if the booking is as read: same reminder, status and version. */
function stageMove(work: UnitOfWork, read: DonationBooking, next: string | undefined): void {
  work.stage({
    Update: {
      TableName: work.db.tables.donationBookings,
      Key: bookingKey(read.id),
      UpdateExpression: next ? 'SET nextReminderAt = :next, gsi3sk = :nextKey' : 'REMOVE nextReminderAt, gsi3pk, gsi3sk',
      ConditionExpression: 'gsi3sk = :seen AND #status = :status AND version = :version',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':seen': reminderSortKey(read), ':status': read.status, ':version': read.version,
        ...(next ? { ':next': next, ':nextKey': reminderSortKey({ id: read.id, nextReminderAt: next }) } : {}),
      },
    },
  });
}

const donationReminders: ReminderSource<Remindable> = {
  listDue,
  stageMove,
  notices: async (ctx, booking, now) => {
    const donor = await getUserById(ctx.db, booking.patientId);
    return donor ? [donationNotice(ctx.config, 'reminder', booking, donor, now)] : [];
  },
};

/** Sends the donation reminders due at `now` (see the appointments' reminder pass). */
export const sendDueDonationReminders = (deps: Pick<Deps, 'db' | 'config' | 'dayBoard'> & Partial<Pick<Deps, 'outbox'>>, now = new Date()) =>
  runReminderPass(deps, donationReminders, now);
