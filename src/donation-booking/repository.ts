/**
 * Donation bookings in DynamoDB: booking and cancelling (each one transaction with the chair's
 * and the donor's block locks in the appointments table), and the lists pages show (Queries, paged).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stageCalendarHold, stageCalendarRelease, type CalendarHold } from '../appointments';
import { stageNotifications, type Notification } from '../notifications';
import type { Db } from '../platform/db/client';
import { queryAll } from '../platform/db/query';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { chairOwnerId } from './calendar';
import { activeBookingKey, bookingIndexAttributes, bookingKey, dayIndexKey, donorIndexKey, idempotencyKey } from './keys';
import type { DonationBooking } from './types';

/** How long an idempotency record dedupes a form (DynamoDB's own token lasts only 10 minutes). */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export type InsertOutcome = 'booked' | 'key-used' | 'has-active' | 'chair-taken' | 'patient-busy';

class Refused extends Error {
  constructor(readonly outcome: InsertOutcome) {
    super(outcome);
  }
}
const refusal = (outcome: InsertOutcome) => () => new Refused(outcome);

const FIELDS = ['id', 'patientId', 'chair', 'start', 'end', 'localDate', 'status', 'nextReminderAt', 'cancelledAt', 'version', 'createdAt'] as const;
export function toBooking(item: Record<string, unknown>): DonationBooking {
  return Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as DonationBooking;
}
const bookingItem = (booking: DonationBooking) => ({ ...bookingKey(booking.id), ...bookingIndexAttributes(booking), ...booking });
const holdOf = (b: DonationBooking): CalendarHold => ({ ownerId: chairOwnerId(b.chair), patientId: b.patientId, start: b.start, end: b.end, holderId: b.id });

/**
 * Writes the booking, the form's idempotency record, the donor's one active booking (refused
 * while an earlier one stands and has not ended) and the chair's and donor's block locks in one
 * transaction: all or nothing.
 */
export async function insertBooking(db: Db, booking: DonationBooking, form: string, clientToken: string, notices: Notification[], now: Date): Promise<InsertOutcome> {
  const work = new UnitOfWork(db);
  const put = (Item: Record<string, unknown>, ConditionExpression = 'attribute_not_exists(pk)') => ({ Put: { TableName: db.tables.donationBookings, Item, ConditionExpression } });
  const expiresAt = Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS;
  work.stage(put({ ...idempotencyKey(form), bookingId: booking.id, patientId: booking.patientId, expiresAt }), refusal('key-used'));
  work.stage(put(bookingItem(booking)));
  work.stage(
    { Put: { ...put({ ...activeBookingKey(booking.patientId), bookingId: booking.id, start: booking.start, end: booking.end }).Put, ConditionExpression: 'attribute_not_exists(pk) OR #end <= :now', ExpressionAttributeNames: { '#end': 'end' }, ExpressionAttributeValues: { ':now': now.toISOString() } } },
    refusal('has-active'),
  );
  stageCalendarHold(work, holdOf(booking), { ownerBusy: refusal('chair-taken'), patientBusy: refusal('patient-busy') });
  stageNotifications(work, notices);
  try {
    await work.commit({ clientToken });
    return 'booked';
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    if ((error as Error).name === 'IdempotentParameterMismatchException') return 'key-used';
    throw error;
  }
}

/** Cancels a standing booking read at `read.version`, freeing its locks and the donor's active slot; false if it changed meanwhile. */
export async function cancelBooking(db: Db, read: DonationBooking, now: Date): Promise<boolean> {
  const work = new UnitOfWork(db);
  work.stage(
    {
      Update: {
        TableName: db.tables.donationBookings,
        Key: bookingKey(read.id),
        UpdateExpression: 'SET #status = :cancelled, cancelledAt = :now, version = :next REMOVE nextReminderAt, gsi3pk, gsi3sk',
        ConditionExpression: '#status = :booked AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':booked': 'booked', ':now': now.toISOString(), ':version': read.version, ':next': read.version + 1 },
      },
    },
    refusal('key-used'),
  );
  work.stage({
    Delete: { TableName: db.tables.donationBookings, Key: activeBookingKey(read.patientId), ConditionExpression: 'attribute_not_exists(pk) OR bookingId = :id', ExpressionAttributeValues: { ':id': read.id } },
  });
  stageCalendarRelease(work, holdOf(read));
  try {
    await work.commit();
    return true;
  } catch (error) {
    if (error instanceof Refused) return false;
    throw error;
  }
}

const getItem = async (db: Db, Key: Record<string, string>) =>
  (await db.doc.send(new GetCommand({ TableName: db.tables.donationBookings, Key, ConsistentRead: true }))).Item;

export const getBooking = async (db: Db, id: string) => {
  const item = await getItem(db, bookingKey(id));
  return item ? toBooking(item) : undefined;
};

/** The booking a form's key already made, if any. */
export async function findByIdempotencyKey(db: Db, key: string): Promise<{ bookingId: string; patientId: string } | undefined> {
  const item = await getItem(db, idempotencyKey(key));
  return item ? { bookingId: item.bookingId as string, patientId: item.patientId as string } : undefined;
}

/** The donor's active booking (standing, not ended by `now`), if any. */
export async function activeBookingOf(db: Db, patientId: string, now: Date): Promise<DonationBooking | undefined> {
  const item = await getItem(db, activeBookingKey(patientId));
  if (!item || String(item.end) <= now.toISOString()) return undefined;
  return getBooking(db, String(item.bookingId));
}

/** Every booking of a day (a day holds at most chairs × slots), for the free times. */
export async function listBookingsOnDay(db: Db, localDate: string): Promise<DonationBooking[]> {
  const items = await queryAll(db, { TableName: db.tables.donationBookings, IndexName: 'byDay', KeyConditionExpression: 'gsi2pk = :day', ExpressionAttributeValues: { ':day': dayIndexKey(localDate) } });
  return items.map(toBooking);
}

export interface BookingPage {
  items: DonationBooking[];
  cursor?: string;
}

/** One page of an index partition; `descending` for newest first. */
async function readPage(db: Db, index: 'byDonor' | 'byDay', key: string, page: { cursor?: string; limit: number; descending?: boolean }): Promise<BookingPage> {
  const list = `donation-bookings/${index}/${key}`;
  const [pk, sk] = index === 'byDonor' ? ['gsi1pk', 'gsi1sk'] : ['gsi2pk', 'gsi2sk'];
  const start = page.cursor ? db.cursors.open(page.cursor, list) : undefined;
  const input = { TableName: db.tables.donationBookings, IndexName: index, KeyConditionExpression: `${pk} = :key`, ExpressionAttributeValues: { ':key': key }, ScanIndexForward: !page.descending };
  const items = (await db.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start, Limit: page.limit + 1 }))).Items ?? [];
  const shown = items.slice(0, page.limit);
  const last = shown[shown.length - 1];
  const cursor = items.length > page.limit ? db.cursors.seal({ pk: last.pk, sk: last.sk, [pk]: last[pk], [sk]: last[sk] }, list) : undefined;
  return { items: shown.map(toBooking), cursor };
}

/** A donor's bookings, newest first. */
export const listDonorBookings = (db: Db, patientId: string, page: { cursor?: string; limit: number }) => readPage(db, 'byDonor', donorIndexKey(patientId), { ...page, descending: true });
/** A day's bookings by time, for the blood-bank officer. */
export const listDayBookings = (db: Db, localDate: string, page: { cursor?: string; limit: number }) => readPage(db, 'byDay', dayIndexKey(localDate), page);
