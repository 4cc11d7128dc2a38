/** Blood-bank objects for the security tests: a lot, a walk-in donor and their donation (awaiting screening, and one on follow-up), requests. */
import { randomUUID } from 'node:crypto';
import { recordDonation, recordScreening, registerWalkIn } from '../../src/bloodbank/donations/service';
import { createRequest } from '../../src/bloodbank/requests/service';
import { addLot } from '../../src/bloodbank/stock/service';
import type { BloodRequest, Donation, Donor, Lot } from '../../src/bloodbank/types';
import type { Deps } from '../../src/deps';
import { uniquePhone } from './users';

export interface BloodBankWorld {
  lot: Lot;
  donor: Donor;
  donation: Donation;
  failedDonation: Donation;
  request: BloodRequest;
  cancelTarget: BloodRequest;
}

const bag = () => `Z${randomUUID().slice(0, 8)}`;
const negative = { hiv: 'negative', hbv: 'negative', hcv: 'negative', syphilis: 'negative', malaria: 'negative' } as const;

export async function bloodBankWorld(deps: Deps, patientId: string): Promise<BloodBankWorld> {
  const lot = await addLot(deps, { group: 'O-', component: 'red-cells', units: 3, bagNumber: bag(), collectedOn: '2026-11-20', expiresOn: '2099-01-01', status: 'available' });
  // More on the shelf: a fuzzer that discards lots leaves the request something to issue from.
  for (let i = 0; i < 6; i++) await addLot(deps, { group: 'O-', component: 'red-cells', units: 2, bagNumber: bag(), collectedOn: '2026-11-20', expiresOn: '2099-01-02', status: 'available' });
  const donor = await registerWalkIn(deps, { firstName: 'Authz', lastName: 'Donor', phone: uniquePhone(), group: 'O-', dateOfBirth: '1990-01-01', sex: 'male' });
  const give = (collectedOn: string) => recordDonation(deps, { id: 'officer' }, donor.id, { kind: 'apheresis', collectedOn, weightKg: 70, haemoglobin: 14, lots: [{ component: 'plasma', units: 1, bagNumber: bag() }] });
  const donation = await give('2026-11-21');
  const failedDonation = await recordScreening(deps, (await give('2026-11-22')).id, { ...negative, malaria: 'positive' });
  const request = await createRequest(deps, 'officer', { patientId, group: 'O-', component: 'red-cells', units: 1, urgency: 'routine' });
  const cancelTarget = await createRequest(deps, 'officer', { patientId, group: 'O-', component: 'plasma', units: 1, urgency: 'routine' });
  return { lot, donor, donation, failedDonation, request, cancelTarget };
}
