/** The blood bank: the door other features use. */
import type { Db } from '../platform/db/client';
import { lastWholeBloodDonation as lastWholeBlood } from './donations/repository';
import type { Sex } from './types';

export { availabilityByGroup, type Availability } from './stock/aggregate';
export { redonationIntervalDays, nextEligibleOn, eligibilityRefusals } from './eligibility';
export { compatibleDonorGroups } from './compatibility';
export type { BloodGroup, Component, Sex } from './types';

/** The latest whole-blood donation of a registered donor (patient), for the re-donation interval. */
export function lastWholeBloodDonation(db: Db, patientId: string): Promise<{ collectedOn: string; sex?: Sex } | undefined> {
  return lastWholeBlood(db, patientId);
}
export { checkBloodAlerts, expireLots, releaseDueReservations } from './jobs';
export { bloodbankRoutes } from './routes';
export { seedBloodBank } from './seed';
