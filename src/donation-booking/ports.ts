/**
 * What donation booking reads from the blood bank (src/bloodbank), as two small ports, and the
 * adapter that answers them from the blood bank's door. Tests may pass their own (Deps.bloodBankReads).
 */
import { availabilityByGroup, lastWholeBloodDonation, redonationIntervalDays, type BloodGroup, type Sex } from '../bloodbank';
import type { Deps } from '../deps';
import { BLOOD_GROUPS } from '../users';

export { BLOOD_GROUPS, type BloodGroup };
export type StockLevel = 'low' | 'ok' | 'good';
export type DonorSex = Sex;

export interface LastDonation {
  /** The collection date (YYYY-MM-DD, or an instant). */
  collectedOn: string;
  sex?: DonorSex;
}

/** A donor's whole-blood history, and how long donors wait between whole-blood donations. */
export interface DonationHistory {
  lastWholeBloodDonation(patientId: string): Promise<LastDonation | undefined>;
  /** Days between whole-blood donations; `undefined` sex: the longer wait, to be safe. */
  redonationIntervalDays(sex: DonorSex | undefined): number;
}

/** Available units per group, in three words (no numbers, no donor data). */
export interface StockLevels {
  availabilityByGroup(): Promise<Record<BloodGroup, StockLevel>>;
}

export interface BloodBankReads {
  history: DonationHistory;
  stock: StockLevels;
}

/** The blood bank's own reads: the donor's last whole-blood donation, its re-donation rule and stock levels. */
export function bloodBankReads(deps: Pick<Deps, 'db' | 'config'>): BloodBankReads {
  return {
    history: {
      lastWholeBloodDonation: (patientId) => lastWholeBloodDonation(deps.db, patientId),
      redonationIntervalDays: (sex) => redonationIntervalDays(sex, deps.config.bloodbank),
    },
    stock: { availabilityByGroup: () => availabilityByGroup(deps.db, deps.config.bloodbank.thresholds) },
  };
}
