/**
 * Donation reminders: the appointments' reminder pass (MEDTRACK_REMINDERS, exactly once across
 * processes) over this table's sparse `byReminder` index, with the donation wording. The minute
 * job `appointment-reminders` runs it after the visits' pass.
 */
import { queryDueReminders, runReminderPass, stageReminderKeyMove, type ReminderIndex, type ReminderSource } from '../appointments';
import type { Deps } from '../deps';
import type { Db } from '../platform/db/client';
import { getUserById } from '../users';
import { bookingKey } from './keys';
import { donationNotice } from './notices';
import { toBooking } from './repository';
import type { DonationBooking } from './types';

type Remindable = DonationBooking & { booked: boolean };

const DONATION_REMINDERS: ReminderIndex = { table: 'donationBookings', attributes: 'gsi3', key: bookingKey };

async function listDue(db: Db, now: Date, limit: number): Promise<Remindable[]> {
  return (await queryDueReminders(db, DONATION_REMINDERS, now, limit)).map(toBooking).map((b) => ({ ...b, booked: b.status === 'booked' }));
}

const donationReminders: ReminderSource<Remindable> = {
  listDue,
  stageMove: (work, read, next) => stageReminderKeyMove(work, DONATION_REMINDERS, read, next),
  notices: async (ctx, booking, now) => {
    const donor = await getUserById(ctx.db, booking.patientId);
    return donor ? [donationNotice(ctx.config, 'reminder', booking, donor, now)] : [];
  },
};

/** Sends the donation reminders due at `now` (see the appointments' reminder pass). */
export const sendDueDonationReminders = (deps: Pick<Deps, 'db' | 'config' | 'dayBoard'> & Partial<Pick<Deps, 'outbox'>>, now = new Date()) =>
  runReminderPass(deps, donationReminders, now);
