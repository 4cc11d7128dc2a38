/**
 * Which lots fill a request, and why: pure. Decision (README): the recipient's own group first,
 * first-expiry-first-out; then the other compatible groups merged by expiry, with O− last for a
 * recipient who is not O− (it is the universal red-cell group, kept for those who can have nothing
 * else). Every proposal carries the reason the officer sees.
 */
import type { BloodGroup, Lot } from '../types';

export interface Proposal {
  lot: Lot;
  units: number;
  reason: string;
}

const rank = (recipient: BloodGroup, group: BloodGroup) => (group === recipient ? 0 : group === 'O-' ? 2 : 1);

/** Compatible lots in the order they should be used. */
export function orderForUse(recipient: BloodGroup, lots: Lot[]): Lot[] {
  return [...lots].sort((a, b) => rank(recipient, a.group) - rank(recipient, b.group) || a.expiresOn.localeCompare(b.expiresOn) || a.id.localeCompare(b.id));
}

function reasonFor(recipient: BloodGroup, lot: Lot, first: boolean): string {
  const expiry = first ? 'expires first' : `expires ${lot.expiresOn}`;
  if (lot.group === recipient) return `Same group, ${expiry}`;
  if (lot.group === 'O-') return `Compatible O−, used last (universal group), ${expiry}`;
  return `Compatible ${lot.group.replace('-', '−')}, no same-group units left, ${expiry}`;
}

/** Lots (already known compatible) proposed for `needed` units, and how many could not be found. */
export function proposeLots(recipient: BloodGroup, needed: number, lots: Lot[]): { proposals: Proposal[]; shortBy: number } {
  const proposals: Proposal[] = [];
  let left = needed;
  const ordered = orderForUse(recipient, lots.filter((lot) => lot.units > 0));
  for (const [i, lot] of ordered.entries()) {
    if (left <= 0) break;
    const units = Math.min(left, lot.units);
    proposals.push({ lot, units, reason: reasonFor(recipient, lot, i === 0 || ordered[i - 1].group !== lot.group) });
    left -= units;
  }
  return { proposals, shortBy: Math.max(left, 0) };
}

/** The officer's own choice of lots, in the order of use, each taking what is still needed. */
export function takeFromChosen(recipient: BloodGroup, needed: number, chosen: Lot[]): Proposal[] {
  return proposeLots(recipient, needed, chosen).proposals.map((p) => ({ ...p, reason: 'Chosen by the officer' }));
}
