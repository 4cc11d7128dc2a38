/** Eligibility, FEFO selection and expiry dates: the blood bank's pure rules. */
import { eligibilityRefusals, nextEligibleOn, redonationIntervalDays, DEFAULT_RULES } from '../../../src/bloodbank/eligibility';
import { orderForUse, proposeLots } from '../../../src/bloodbank/requests/selection';
import { expiryOf, isExpired } from '../../../src/bloodbank/stock/expiry';
import type { BloodGroup, Lot } from '../../../src/bloodbank/types';

const ok = { dateOfBirth: '1990-05-01', sex: 'male' as 'male' | 'female', weightKg: 70, haemoglobin: 14, today: '2026-12-02' };
const fields = (input: Partial<typeof ok> & { lastWholeBlood?: string }) => eligibilityRefusals({ ...ok, ...input }).map((r) => r.field);

describe('eligibility', () => {
  it('accepts a healthy adult who never gave', () => expect(eligibilityRefusals(ok)).toEqual([]));
  it('refuses under 18 and over 65, with the age', () => {
    expect(fields({ dateOfBirth: '2008-12-03' })).toEqual(['dateOfBirth']);
    expect(fields({ dateOfBirth: '2008-12-02' })).toEqual([]);
    expect(fields({ dateOfBirth: '1960-12-02' })).toEqual(['dateOfBirth']);
    expect(fields({ dateOfBirth: '1960-12-03' })).toEqual([]);
    expect(eligibilityRefusals({ ...ok, dateOfBirth: '2010-01-01' })[0].message).toContain('at least 18');
  });
  it('refuses under 50 kg and haemoglobin under 12.5', () => {
    expect(fields({ weightKg: 49.9 })).toEqual(['weightKg']);
    expect(fields({ weightKg: 50 })).toEqual([]);
    expect(fields({ haemoglobin: 12.4 })).toEqual(['haemoglobin']);
    expect(fields({ haemoglobin: 12.5 })).toEqual([]);
  });
  it('waits 90 days for men and 120 for women after whole blood', () => {
    expect(fields({ lastWholeBlood: '2026-09-04' })).toEqual(['lastDonation']);
    expect(fields({ lastWholeBlood: '2026-09-03' })).toEqual([]);
    expect(fields({ sex: 'female', lastWholeBlood: '2026-09-03' })).toEqual(['lastDonation']);
    expect(fields({ sex: 'female', lastWholeBlood: '2026-08-04' })).toEqual([]);
    expect(eligibilityRefusals({ ...ok, lastWholeBlood: '2026-10-01' })[0].message).toContain('from 2026-12-30');
  });
  it('lists every refusal at once', () => expect(fields({ weightKg: 40, haemoglobin: 10 })).toEqual(['weightKg', 'haemoglobin']));
  it('reads the interval from configuration', () => {
    expect(redonationIntervalDays('female', { redonationDays: { male: 56, female: 84 } })).toBe(84);
    expect(redonationIntervalDays(undefined, DEFAULT_RULES)).toBe(120);
    expect(nextEligibleOn('2026-01-31', 'male', DEFAULT_RULES)).toBe('2026-05-01');
  });
});

const lot = (group: BloodGroup, expiresOn: string, units = 1, id = `${group}-${expiresOn}`): Lot => ({
  id, group, component: 'red-cells', units, initialUnits: units, bagNumber: id, collectedOn: '2026-11-01', expiresOn, status: 'available', createdAt: '', version: 1,
});

describe('first-expiry-first-out', () => {
  it('uses the same group first by expiry, then others by expiry, O− last', () => {
    const lots = [lot('O-', '2026-12-03'), lot('A+', '2026-12-20'), lot('O+', '2026-12-04'), lot('A+', '2026-12-10'), lot('A-', '2026-12-05')];
    expect(orderForUse('A+', lots).map((l) => l.id)).toEqual(['A+-2026-12-10', 'A+-2026-12-20', 'O+-2026-12-04', 'A--2026-12-05', 'O--2026-12-03']);
  });
  it('for an O− patient takes O− lots by expiry and says why', () => {
    const { proposals, shortBy } = proposeLots('O-', 3, [lot('O-', '2026-12-09', 2, 'late'), lot('O-', '2026-12-04', 2, 'early')]);
    expect(proposals.map((p) => [p.lot.id, p.units])).toEqual([['early', 2], ['late', 1]]);
    expect(proposals[0].reason).toBe('Same group, expires first');
    expect(shortBy).toBe(0);
  });
  it('explains a compatible group and reports a shortfall', () => {
    const { proposals, shortBy } = proposeLots('B+', 5, [lot('O+', '2026-12-09', 2)]);
    expect(proposals[0].reason).toMatch(/^Compatible O\+, no same-group units left/);
    expect(shortBy).toBe(3);
  });
  it('skips empty lots', () => expect(proposeLots('A+', 1, [lot('A+', '2026-12-01', 0), lot('A+', '2026-12-02')]).proposals[0].lot.expiresOn).toBe('2026-12-02'));
});

describe('expiry dates', () => {
  const shelf = { 'whole-blood': 35, 'red-cells': 42, platelets: 5, plasma: 365, cryo: 365 };
  it.each([
    ['whole-blood', '2026-12-01', '2027-01-05'],
    ['red-cells', '2026-12-01', '2027-01-12'],
    ['platelets', '2026-12-30', '2027-01-04'],
    ['plasma', '2027-02-01', '2028-02-01'],
    ['cryo', '2026-12-01', '2027-12-01'],
  ] as const)('%s collected %s expires %s', (component, collected, expires) => expect(expiryOf(component, collected, shelf)).toBe(expires));
  it('is expired only after its last day', () => {
    expect(isExpired('2026-12-02', '2026-12-02')).toBe(false);
    expect(isExpired('2026-12-01', '2026-12-02')).toBe(true);
  });
});
