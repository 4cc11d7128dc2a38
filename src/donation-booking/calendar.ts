/**
 * The blood bank's calendar on the booking engine: the opening hours as a weekly plan (so
 * `slotsOn` and `planOffers` cut it into slots as they do a doctor's), and one calendar owner per
 * donation chair, each holding its own block locks.
 */
import { DateTime } from 'luxon';
import { planOffers, slotsOn, type Slot, type WeeklyPlan } from '../appointments';
import type { Config } from '../config';
import type { DonationBooking } from './types';

/** One blood bank for now; a second site would get its own calendar id (and hours and chairs). */
export const BLOOD_BANK_CALENDAR = 'main';

/** The lock owner of one chair, in the namespace doctors' ids can never take. */
export const chairOwnerId = (chair: number) => `BLOODBANK#${BLOOD_BANK_CALENDAR}#chair-${chair}`;

/** Remembered per config: a plan object is what `planOffers` caches its answers on. */
const plans = new WeakMap<Config['donation'], WeeklyPlan>();

export function donationPlan(config: Config): WeeklyPlan {
  if (!plans.has(config.donation)) plans.set(config.donation, { days: config.donation.hours, slotMinutes: config.donation.slotMinutes });
  return plans.get(config.donation)!;
}

export const openSlotAt = (config: Config, start: string): Slot | undefined => planOffers(donationPlan(config), [], start, config.timeZone);

/** The first and last bookable instants: minimum notice to the booking horizon (as for visits). */
export function bookingWindow(config: Config, now: Date): { from: string; until: string } {
  const at = DateTime.fromJSDate(now);
  return { from: at.plus({ minutes: config.booking.minNoticeMinutes }).toUTC().toISO()!, until: at.plus({ days: config.booking.horizonDays }).toUTC().toISO()! };
}

export interface FreeSlot extends Slot {
  freeChairs: number[];
}

/** The day's slots in the window, each with the chairs no standing booking holds then. */
export function freeSlotsOn(config: Config, localDate: string, bookings: DonationBooking[], now: Date): FreeSlot[] {
  const { from, until } = bookingWindow(config, now);
  const standing = bookings.filter((b) => b.status === 'booked');
  const chairs = Array.from({ length: config.donation.chairs }, (_, i) => i + 1);
  return slotsOn(donationPlan(config), [], localDate, config.timeZone)
    .filter((slot) => slot.start >= from && slot.start <= until)
    .map((slot) => ({ ...slot, freeChairs: freeChairsAt(chairs, standing, slot) }))
    .filter((slot) => slot.freeChairs.length > 0);
}

/** Chairs with no standing booking overlapping the slot, lowest first. */
export function freeChairsAt(chairs: number[], standing: DonationBooking[], slot: { start: string; end: string }): number[] {
  const held = new Set(standing.filter((b) => b.start < slot.end && slot.start < b.end).map((b) => b.chair));
  return chairs.filter((chair) => !held.has(chair));
}
