/**
 * What donation booking reads from the blood bank (src/bloodbank), as two small ports, and the
 * TEMPORARY adapter this branch ships until src/bloodbank lands: at merge, `bloodBankReads` below
 * becomes three lines calling `lastWholeBloodDonation(deps.db, id)`, `availabilityByGroup(deps.db)`
 * and `redonationIntervalDays(sex, deps.config)` from src/bloodbank. Nothing else here changes.
 * Tests pass their own fakes (Deps.bloodBankReads).
 */
import type { Deps } from '../deps';

export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export type BloodGroup = (typeof BLOOD_GROUPS)[number];
export type StockLevel = 'low' | 'ok' | 'good';
export type DonorSex = 'male' | 'female';

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

/**
 * TEMPORARY (until src/bloodbank merges): no donation is on record yet, the intervals (90
 * days for men, 120 for women), and every group "ok".
 */
export function bloodBankReads(_deps: Pick<Deps, 'db' | 'config'>): BloodBankReads {
  return {
    history: {
      lastWholeBloodDonation: async () => undefined,
      redonationIntervalDays: (sex) => (sex === 'male' ? 90 : 120),
    },
    stock: { availabilityByGroup: async () => Object.fromEntries(BLOOD_GROUPS.map((group) => [group, 'ok'])) as Record<BloodGroup, StockLevel> },
  };
}
