/**
 * The re-donation interval at booking: a donor books whole blood no earlier than their last
 * whole-blood donation plus the interval for their sex (the longer one when it is not known). Pure.
 */
import { DateTime } from 'luxon';
import type { DonationHistory, DonorSex, LastDonation } from './ports';

export interface TooSoon {
  lastOn: string;
  intervalDays: number;
  /** The first local date they may donate on (YYYY-MM-DD). */
  from: string;
}

/** Undefined when the date is far enough from the last donation (or there was none). */
export function tooSoon(history: DonationHistory, last: LastDonation | undefined, sex: DonorSex | undefined, localDate: string, zone: string): TooSoon | undefined {
  if (!last) return undefined;
  const lastOn = DateTime.fromISO(last.collectedOn, { zone }).toISODate();
  if (!lastOn) return undefined;
  const intervalDays = history.redonationIntervalDays(last.sex ?? sex);
  const from = DateTime.fromISO(lastOn, { zone }).plus({ days: intervalDays }).toISODate()!;
  return localDate < from ? { lastOn, intervalDays, from } : undefined;
}

const longDate = (date: string) => DateTime.fromISO(date).toFormat('d LLLL yyyy');

/** The refusal in plain words, with the date they can book from. */
export const tooSoonMessage = (t: TooSoon) =>
  `Your last whole-blood donation was on ${longDate(t.lastOn)}, and donors wait ${t.intervalDays} days between donations. You can book a donation from ${longDate(t.from)}.`;
