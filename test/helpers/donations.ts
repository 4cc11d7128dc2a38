/** Donation booking in tests: a fake of the blood bank's reads (its port), and the blood bank's days. */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Deps } from '../../src/deps';
import { freeSlotsOn } from '../../src/donation-booking/calendar';
import { listBookingsOnDay } from '../../src/donation-booking/repository';
import { bookDonation } from '../../src/donation-booking/service';
import { ConflictError } from '../../src/platform/http/errors';
import type { User } from '../../src/users';
import type { BloodBankReads, BloodGroup, LastDonation, StockLevel } from '../../src/donation-booking';

/** The port's fake: each donor's last whole-blood donation as a test writes it, the intervals, fixed levels. */
export function fakeBloodBank(levels: Partial<Record<BloodGroup, StockLevel>> = {}) {
  const lastDonations = new Map<string, LastDonation>();
  const reads: BloodBankReads = {
    history: { lastWholeBloodDonation: async (patientId) => lastDonations.get(patientId), redonationIntervalDays: (sex) => (sex === 'male' ? 90 : 120) },
    stock: { availabilityByGroup: async () => ({ 'A+': 'good', 'A-': 'ok', 'B+': 'good', 'B-': 'ok', 'AB+': 'ok', 'AB-': 'ok', 'O+': 'ok', 'O-': 'ok', ...levels }) },
  };
  return { reads, lastDonations };
}

/** The blood bank open every day, two chairs, 30-minute slots: what the donation tests run against. */
export const DONATION_SETTINGS = { MEDTRACK_DONATION_HOURS: '1-7 08:00-18:00', MEDTRACK_DONATION_CHAIRS: '2', MEDTRACK_DONATION_SLOT_MINUTES: '30' };

export const localDay = (zone: string, daysAhead: number) => DateTime.now().setZone(zone).plus({ days: daysAhead }).toISODate()!;
export const daysAgo = (zone: string, days: number) => DateTime.now().setZone(zone).minus({ days }).toISODate()!;

/**
 * Books `patient` a donation on the shared blood bank calendar (other test files book on it too):
 * a random free time from `daysAhead`, another one if that is taken meanwhile or the patient is busy then.
 */
export async function aDonationBooking(deps: Pick<Deps, 'db' | 'config'>, reads: BloodBankReads, patient: User, daysAhead = 7) {
  for (let day = daysAhead; day < daysAhead + 14; day++) {
    const date = localDay(deps.config.timeZone, day);
    const free = freeSlotsOn(deps.config, date, await listBookingsOnDay(deps.db, date), new Date());
    for (const slot of free.sort(() => Math.random() - 0.5).slice(0, 3)) {
      try {
        return await bookDonation(deps, reads, { patient, start: slot.start, idempotencyKey: randomUUID() });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }
  throw new Error('no free donation time in two weeks');
}
