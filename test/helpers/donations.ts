/** Donation booking in tests: a fake of the blood bank's reads (its port), and the blood bank's days. */
import { DateTime } from 'luxon';
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
