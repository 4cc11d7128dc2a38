/**
 * Booking a donation: a free chair at an open time, at most one active booking per donor, never
 * sooner than the re-donation interval allows. One transaction per try; a form's key books once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { localDateOf, nextReminderAt, toUtcIso } from '../appointments';
import type { Deps } from '../deps';
import { withRetry } from '../platform/db/retry';
import { ConflictError, NotFoundError, NotYoursError, ValidationError } from '../platform/http/errors';
import type { User } from '../users';
import { bookingWindow, freeChairsAt, openSlotAt } from './calendar';
import { tooSoon, tooSoonMessage } from './eligibility';
import { donationNotice } from './notices';
import type { BloodBankReads, DonorSex } from './ports';
import { activeBookingOf, cancelBooking, findByIdempotencyKey, getBooking, insertBooking, listBookingsOnDay } from './repository';
import type { DonationBooking } from './types';
import { formatInstant } from '../platform/format';

export type Ctx = Pick<Deps, 'db' | 'config'> & Partial<Pick<Deps, 'outbox'>>;

export interface DonationRequest {
  patient: User;
  start: string;
  idempotencyKey: string;
}

const FORM_USED = 'This booking form was already used. Please start a new booking.';
const tokenOf = (...parts: string[]) => createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 36);
export const sexOf = (user: User): DonorSex | undefined => (user.gender === 'male' || user.gender === 'female' ? user.gender : undefined);

/** Books the donor on the first free chair at `start`; a replayed form returns what it booked. */
export async function bookDonation(ctx: Ctx, reads: BloodBankReads, request: DonationRequest, now = new Date()): Promise<DonationBooking> {
  const start = toUtcIso(request.start);
  const { from, until } = bookingWindow(ctx.config, now);
  const slot = start >= from && start <= until ? openSlotAt(ctx.config, start) : undefined;
  if (!slot) throw new ValidationError({ start: 'Choose a time from the list: the blood bank is not open for donations then, or it is too soon or too far ahead.' });
  const localDate = localDateOf(slot.start, ctx.config.timeZone);
  const [last, dayBookings] = await Promise.all([reads.history.lastWholeBloodDonation(request.patient.id), listBookingsOnDay(ctx.db, localDate)]);
  const early = tooSoon(reads.history, last, sexOf(request.patient), localDate, ctx.config.timeZone);
  if (early) throw new ValidationError({ start: tooSoonMessage(early) });
  const chairs = Array.from({ length: ctx.config.donation.chairs }, (_, i) => i + 1);
  const candidates = freeChairsAt(chairs, dayBookings.filter((b) => b.status === 'booked'), slot);
  for (const chair of candidates) {
    const booking: DonationBooking = {
      id: randomUUID(), patientId: request.patient.id, chair, start: slot.start, end: slot.end, localDate, status: 'booked',
      nextReminderAt: nextReminderAt(slot.start, ctx.config.notifications.reminderOffsetsMs, now), version: 1, createdAt: now.toISOString(),
    };
    const notices = [donationNotice(ctx.config, 'booked', booking, request.patient, now)];
    // One token per (form, chair, slot): an SDK retry of this very write is deduped by DynamoDB.
    const outcome = await withRetry(() => insertBooking(ctx.db, booking, request.idempotencyKey, tokenOf(request.idempotencyKey, String(chair), slot.start), notices, now));
    if (outcome === 'booked') {
      ctx.outbox?.kick();
      return booking;
    }
    if (outcome !== 'chair-taken') return refuse(ctx, request, outcome, now);
  }
  // Replays are rare, so the key is looked up only when booking did not succeed.
  const replay = await replayed(ctx, request);
  if (replay) return replay;
  throw new ConflictError('That time was just taken by another donor.', { start: 'That time was just taken by another donor. Choose another time.' });
}

async function replayed(ctx: Ctx, request: DonationRequest): Promise<DonationBooking | undefined> {
  const previous = await findByIdempotencyKey(ctx.db, request.idempotencyKey);
  if (!previous) return undefined;
  if (previous.patientId !== request.patient.id) throw new ConflictError(FORM_USED, { form: FORM_USED });
  return getBooking(ctx.db, previous.bookingId);
}

async function refuse(ctx: Ctx, request: DonationRequest, outcome: 'key-used' | 'has-active' | 'patient-busy', now: Date): Promise<DonationBooking> {
  const replay = await replayed(ctx, request);
  if (replay) return replay;
  if (outcome === 'key-used') throw new ConflictError(FORM_USED, { form: FORM_USED });
  if (outcome === 'patient-busy') {
    const message = 'You have another appointment at that time. Choose another time.';
    throw new ConflictError(message, { start: message });
  }
  const active = await activeBookingOf(ctx.db, request.patient.id, now);
  const message = `You already have a donation booked${active ? ` on ${formatInstant(active.start, ctx.config.timeZone)}` : ''}. Donors book one donation at a time: cancel that one first to choose another time.`;
  throw new ConflictError(message, { start: message });
}

/** Cancels the donor's own standing booking, freeing its chair and the donor's time. */
export async function cancelDonation(ctx: Ctx, patient: User, bookingId: string, now = new Date()): Promise<DonationBooking> {
  const booking = await getBooking(ctx.db, bookingId);
  if (!booking) throw new NotFoundError();
  if (booking.patientId !== patient.id) throw new NotYoursError();
  if (booking.status !== 'booked') throw new ConflictError('This donation booking is already cancelled.');
  if (booking.start <= now.toISOString()) throw new ConflictError('This donation time has already begun, so it can no longer be cancelled.');
  if (!(await cancelBooking(ctx.db, booking, now))) throw new ConflictError('This booking changed meanwhile. Reload the page and try again.');
  return booking;
}

/** The first date with free times to offer: the requested one, else the first bookable date. */
export function firstBookableDate(ctx: Ctx, now: Date, from?: string): string {
  const earliest = DateTime.fromISO(bookingWindow(ctx.config, now).from).setZone(ctx.config.timeZone).toISODate()!;
  return from && from > earliest ? from : earliest;
}
