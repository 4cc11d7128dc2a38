/** The blood bank's words as types: groups, components, lots, donors, donations, requests. */
import { BLOOD_GROUPS } from '../users';

export { BLOOD_GROUPS };
export type BloodGroup = (typeof BLOOD_GROUPS)[number];

export const COMPONENTS = ['whole-blood', 'red-cells', 'platelets', 'plasma', 'cryo'] as const;
export type Component = (typeof COMPONENTS)[number];

export const COMPONENT_NAMES: Record<Component, string> = {
  'whole-blood': 'Whole blood',
  'red-cells': 'Packed red cells',
  platelets: 'Platelets',
  plasma: 'Fresh frozen plasma',
  cryo: 'Cryoprecipitate',
};

export const LOT_STATUSES = ['quarantined', 'available', 'reserved', 'issued', 'expired', 'discarded'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

export interface Lot {
  id: string;
  group: BloodGroup;
  component: Component;
  /** Units left on the shelf (issued units leave; an emptied lot becomes 'issued'). */
  units: number;
  /** Units the lot came in with. */
  initialUnits: number;
  bagNumber: string;
  /** yyyy-mm-dd, hospital time */
  collectedOn: string;
  /** yyyy-mm-dd: the last day it may be used */
  expiresOn: string;
  donationId?: string;
  status: LotStatus;
  /** Why it was discarded (or expired). */
  reason?: string;
  /** The request a reserved lot is held for, and until when. */
  reservedFor?: string;
  releaseBy?: string;
  createdAt: string;
  version: number;
}

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** A donor: a registered patient (id = their user id) or a walk-in registered at the desk. */
export interface Donor {
  id: string;
  kind: 'patient' | 'walk-in';
  firstName: string;
  lastName: string;
  phone: string;
  email?: string;
  group: BloodGroup;
  dateOfBirth: string;
  sex: Sex;
  createdAt: string;
}

export const SCREENING_TESTS = ['hiv', 'hbv', 'hcv', 'syphilis', 'malaria'] as const;
export type ScreeningTest = (typeof SCREENING_TESTS)[number];
export const TEST_NAMES: Record<ScreeningTest, string> = { hiv: 'HIV', hbv: 'Hepatitis B', hcv: 'Hepatitis C', syphilis: 'Syphilis', malaria: 'Malaria' };

export type DonationKind = 'whole-blood' | 'apheresis';
export type ScreeningState = 'awaiting' | 'passed' | 'failed';

export interface Donation {
  id: string;
  donorId: string;
  donorKind: Donor['kind'];
  kind: DonationKind;
  group: BloodGroup;
  collectedOn: string;
  weightKg: number;
  haemoglobin: number;
  lotIds: string[];
  screening: ScreeningState;
  /** PHI: the results, shown only to officers (audited), never in a notification. */
  results?: Record<ScreeningTest, 'negative' | 'positive'>;
  followUp?: { open: boolean; note?: string; closedAt?: string };
  recordedBy: string;
  createdAt: string;
  version: number;
}

export const URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];
export type RequestStatus = 'open' | 'fulfilled' | 'cancelled';

export interface BloodRequest {
  id: string;
  patientId: string;
  /** The group the request is for (the patient's, as typed by the officer). */
  group: BloodGroup;
  component: Component;
  units: number;
  /** Units still to issue. */
  remaining: number;
  urgency: Urgency;
  /** Free text, e.g. "hip replacement" or an appointment id. */
  forProcedure?: string;
  /** yyyy-mm-dd of the procedure, if scheduled. */
  procedureOn?: string;
  status: RequestStatus;
  createdBy: string;
  createdAt: string;
  version: number;
}

/** Units per group × component, as the aggregate items hold them. */
export interface StockCell {
  group: BloodGroup;
  component: Component;
  available: number;
  quarantined: number;
  reserved: number;
}
