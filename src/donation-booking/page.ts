/** What the donor's pages show: free times on a day, why they cannot book yet, their bookings. */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Response } from 'express';
import type { User } from '../users';
import type { FieldErrors } from '../platform/validation';
import { bookingWindow, freeSlotsOn } from './calendar';
import { tooSoon, tooSoonMessage } from './eligibility';
import { PREPARE } from './notices';
import type { BloodBankReads } from './ports';
import { activeBookingOf, listBookingsOnDay } from './repository';
import { firstBookableDate, sexOf, type Ctx } from './service';

export interface BookingForm {
  date?: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}

/** The booking page: the day asked (or the first the donor may book), its free times, and any reason they cannot book. */
export async function renderBookingPage(ctx: Ctx, reads: BloodBankReads, res: Response, donor: User, form: BookingForm, now = new Date()) {
  const zone = ctx.config.timeZone;
  const [last, active] = await Promise.all([reads.history.lastWholeBloodDonation(donor.id), activeBookingOf(ctx.db, donor.id, now)]);
  const horizon = DateTime.fromISO(bookingWindow(ctx.config, now).until).setZone(zone).toISODate()!;
  const minDate = firstBookableDate(ctx, now);
  const eligibleOn = (day: string) => tooSoon(reads.history, last, sexOf(donor), day, zone);
  // Too soon on the first bookable day: the page opens on the day they may book from, and says why.
  const waitUntil = eligibleOn(form.date ?? minDate);
  const date = firstBookableDate(ctx, now, form.date ?? waitUntil?.from);
  const early = waitUntil ?? eligibleOn(date);
  const slots = eligibleOn(date) || date > horizon ? [] : freeSlotsOn(ctx.config, date, await listBookingsOnDay(ctx.db, date), now);
  res.render('donation-booking/book', {
    title: 'Book a blood donation',
    date, minDate, maxDate: horizon, slots,
    early: early && { ...early, message: tooSoonMessage(early) },
    active,
    prepare: PREPARE,
    values: form.values ?? {},
    errors: form.errors ?? {},
    idempotencyKey: randomUUID(),
  });
}
