/**
 * Which donor groups a recipient may receive, per component: the rules of the README's glossary,
 * pure and tested over the whole 8×8 matrix.
 */
import { BLOOD_GROUPS, type BloodGroup, type Component } from './types';

/** How platelets are matched: like red cells (the default) or like plasma. */
export type PlateletRule = 'red-cells' | 'plasma';

type Abo = 'O' | 'A' | 'B' | 'AB';
const aboOf = (group: BloodGroup) => group.slice(0, -1) as Abo;
const isRhPositive = (group: BloodGroup) => group.endsWith('+');

/** Red cells carry antigens: the donor's ABO antigens must all be the recipient's own. */
const RED_CELL_ABO: Record<Abo, Abo[]> = { O: ['O'], A: ['A', 'O'], B: ['B', 'O'], AB: ['AB', 'A', 'B', 'O'] };
/** Plasma carries antibodies: the reverse, and Rh does not matter (plasma has no red cells). */
const PLASMA_ABO: Record<Abo, Abo[]> = { O: ['O', 'A', 'B', 'AB'], A: ['A', 'AB'], B: ['B', 'AB'], AB: ['AB'] };

function redCellCompatible(recipient: BloodGroup, donor: BloodGroup): boolean {
  // An Rh-negative recipient must not receive Rh-positive cells.
  const rhOk = isRhPositive(recipient) || !isRhPositive(donor);
  return rhOk && RED_CELL_ABO[aboOf(recipient)].includes(aboOf(donor));
}

const plasmaCompatible = (recipient: BloodGroup, donor: BloodGroup) => PLASMA_ABO[aboOf(recipient)].includes(aboOf(donor));

/** The donor groups whose `component` a recipient of `recipient` may receive, identical group first. */
export function compatibleDonorGroups(recipient: BloodGroup, component: Component, plateletRule: PlateletRule = 'red-cells'): BloodGroup[] {
  const plasmaLike = component === 'plasma' || component === 'cryo' || (component === 'platelets' && plateletRule === 'plasma');
  const fits = plasmaLike ? plasmaCompatible : redCellCompatible;
  const groups = BLOOD_GROUPS.filter((donor) => fits(recipient, donor));
  return [recipient, ...groups.filter((g) => g !== recipient)];
}
