/**
 * The demo blood bank (local mode's seed): lots across all 8 groups and several components, some
 * expiring within days, AB− below its threshold, donations awaiting screening, a month of
 * collections and issues for the chart, and open requests. Written through the same functions as
 * the pages, so stock and daily flow agree with the lots.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../deps';
import type { User } from '../users';
import { donorForPatient, recordDonation, registerWalkIn } from './donations/service';
import { checkBloodAlerts } from './jobs';
import { issueUnits } from './requests/issue';
import { createRequest } from './requests/service';
import { addLot } from './stock/service';
import { BLOOD_GROUPS, type BloodGroup, type Component } from './types';

type SeedCtx = Pick<Deps, 'db' | 'config' | 'logger'>;

/** Red-cell units per group on the shelf: AB− (threshold 2) is low; O− just above its 6. */
const RED_CELLS: Record<BloodGroup, number> = { 'A+': 18, 'A-': 6, 'B+': 16, 'B-': 5, 'AB+': 7, 'AB-': 1, 'O+': 24, 'O-': 7 };

export async function seedBloodBank(ctx: SeedCtx, patients: User[], now = new Date()): Promise<void> {
  const zone = ctx.config.timeZone;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  let serial = 0;
  const bag = (group: BloodGroup) => `DEMO-${group.replace('+', 'P').replace('-', 'N')}-${String(++serial).padStart(4, '0')}`;
  const lot = (group: BloodGroup, component: Component, units: number, daysAgo: number, expiresIn?: number) =>
    addLot(ctx, { group, component, units, bagNumber: bag(group), collectedOn: today.minus({ days: daysAgo }).toISODate()!, expiresOn: expiresIn === undefined ? undefined : today.plus({ days: expiresIn }).toISODate()!, status: 'available' });

  // Red cells over the last month (each day's collections feed the chart), plasma and a few platelets.
  for (const [i, group] of BLOOD_GROUPS.entries()) {
    let left = RED_CELLS[group];
    for (let n = 0; left > 0; n += 1) {
      const units = Math.min(left, 1 + ((i + n) % 4));
      await lot(group, n % 3 === 0 ? 'whole-blood' : 'red-cells', units, (i * 3 + n * 4) % 28);
      left -= units;
    }
    await lot(group, 'plasma', 2 + (i % 3), 10 + i);
    if (i % 2 === 0) await lot(group, 'cryo', 1 + (i % 2), 12 + i);
    if (i < 5) await lot(group, 'platelets', 1 + (i % 2), 0);
  }
  // A few near expiry: platelets tomorrow, red cells in two and three days.
  await lot('O+', 'platelets', 2, 4, 1);
  await lot('A+', 'red-cells', 2, 40, 2);
  await lot('B+', 'whole-blood', 1, 32, 3);

  // Issued on past days (the chart's other line): lots delivered then given to demo patients.
  const recipient = patients[patients.length - 1];
  for (let d = 27; d >= 1; d -= 3) {
    const group: BloodGroup = d % 2 ? 'O+' : 'A+';
    const given = await lot(group, 'red-cells', 2, d + 2);
    const request = await createRequest(ctx, 'seed', { patientId: recipient.id, group, component: 'red-cells', units: 2, urgency: 'routine' });
    await issueUnits(ctx, request.id, [{ lotId: given.id, units: 2 }], { by: 'seed', now: today.minus({ days: d }).plus({ hours: 12 }).toJSDate() });
  }

  // Donations today awaiting screening: two walk-ins and a registered patient.
  const walkIns = [
    { firstName: 'Suresh', lastName: 'Naidu', phone: '+919800011101', group: 'O-' as const, dateOfBirth: '1988-07-12', sex: 'male' as const },
    { firstName: 'Lakshmi', lastName: 'Menon', phone: '+919800011102', group: 'B+' as const, dateOfBirth: '1993-02-28', sex: 'female' as const },
  ];
  const donors = [...(await Promise.all(walkIns.map((w) => registerWalkIn(ctx, w)))), await donorForPatient(ctx, patients[1 % patients.length].id)];
  for (const donor of donors) {
    await recordDonation(ctx, { id: 'seed' }, donor.id, {
      kind: 'whole-blood', collectedOn: today.toISODate()!, weightKg: 64, haemoglobin: 13.6,
      lots: [{ component: 'red-cells', units: 1, bagNumber: bag(donor.group) }, { component: 'plasma', units: 1, bagNumber: bag(donor.group) }],
    });
  }

  // Open requests: an urgent O+ for the featured patient, a scheduled A+ for another.
  await createRequest(ctx, 'seed', { patientId: patients[0].id, group: 'O+', component: 'red-cells', units: 2, urgency: 'urgent' });
  await createRequest(ctx, 'seed', { patientId: patients[2 % patients.length].id, group: 'A+', component: 'platelets', units: 1, urgency: 'routine', forProcedure: 'Knee replacement', procedureOn: today.plus({ days: 2 }).toISODate()! });
  await checkBloodAlerts(ctx, now);
}
