/** The whole 8×8 matrix per component, against tables written out by hand (README glossary). */
import { compatibleDonorGroups } from '../../../src/bloodbank/compatibility';
import { BLOOD_GROUPS, COMPONENTS, type BloodGroup, type Component } from '../../../src/bloodbank/types';

// Rows: recipient; columns: donor, in the order A+ A- B+ B- AB+ AB- O+ O-. 1 = may receive.
const COLUMNS: BloodGroup[] = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'];
const RED_CELLS: Record<BloodGroup, string> = {
  'A+': '1 1 0 0 0 0 1 1',
  'A-': '0 1 0 0 0 0 0 1',
  'B+': '0 0 1 1 0 0 1 1',
  'B-': '0 0 0 1 0 0 0 1',
  'AB+': '1 1 1 1 1 1 1 1',
  'AB-': '0 1 0 1 0 1 0 1',
  'O+': '0 0 0 0 0 0 1 1',
  'O-': '0 0 0 0 0 0 0 1',
};
// Plasma: the reverse ABO rule, Rh not considered.
const PLASMA: Record<BloodGroup, string> = {
  'A+': '1 1 0 0 1 1 0 0',
  'A-': '1 1 0 0 1 1 0 0',
  'B+': '0 0 1 1 1 1 0 0',
  'B-': '0 0 1 1 1 1 0 0',
  'AB+': '0 0 0 0 1 1 0 0',
  'AB-': '0 0 0 0 1 1 0 0',
  'O+': '1 1 1 1 1 1 1 1',
  'O-': '1 1 1 1 1 1 1 1',
};
const EXPECTED: Record<Component, Record<BloodGroup, string>> = { 'whole-blood': RED_CELLS, 'red-cells': RED_CELLS, platelets: RED_CELLS, plasma: PLASMA, cryo: PLASMA };

const cells = (component: Component, table: Record<BloodGroup, string>) =>
  BLOOD_GROUPS.flatMap((recipient) => table[recipient].split(' ').map((flag, i) => [component, recipient, COLUMNS[i], flag === '1'] as const));

describe.each(COMPONENTS)('%s', (component) => {
  it.each(cells(component, EXPECTED[component]))('%s: recipient %s, donor %s → %s', (comp, recipient, donor, allowed) => {
    expect(compatibleDonorGroups(recipient, comp).includes(donor)).toBe(allowed);
  });
  it('lists the recipient’s own group first', () => {
    for (const g of BLOOD_GROUPS) expect(compatibleDonorGroups(g, component)[0]).toBe(g);
  });
});

describe('platelets matched like plasma (configured)', () => {
  it.each(cells('platelets', PLASMA))('%s: recipient %s, donor %s → %s', (_c, recipient, donor, allowed) => {
    expect(compatibleDonorGroups(recipient, 'platelets', 'plasma').includes(donor)).toBe(allowed);
  });
});
