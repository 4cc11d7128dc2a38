/** The blood bank's settings: defaults, a pair overriding one key, and a clear refusal of a bad list. */
import { loadConfig } from '../../../src/config';

describe('blood bank settings', () => {
  it('has the issue’s defaults', () => {
    const { bloodbank } = loadConfig({});
    expect(bloodbank.shelfLifeDays).toEqual({ 'whole-blood': 35, 'red-cells': 42, platelets: 5, plasma: 365, cryo: 365 });
    expect(bloodbank.redonationDays).toEqual({ male: 90, female: 120 });
    expect(bloodbank.plateletRule).toBe('red-cells');
    expect(bloodbank.thresholds['O-']).toBe(6);
  });
  it('overrides only the keys listed', () => {
    const { bloodbank } = loadConfig({ MEDTRACK_BLOOD_SHELF_DAYS: 'platelets=7', MEDTRACK_BLOOD_THRESHOLDS: 'O-=3, AB+=9', MEDTRACK_BLOOD_REDONATION_DAYS_FEMALE: '112' });
    expect(bloodbank.shelfLifeDays).toMatchObject({ platelets: 7, 'red-cells': 42 });
    expect(bloodbank.thresholds).toMatchObject({ 'O-': 3, 'AB+': 9, 'A+': 10 });
    expect(bloodbank.redonationDays.female).toBe(112);
  });
  it.each([
    ['MEDTRACK_BLOOD_THRESHOLDS', 'Z+=3'],
    ['MEDTRACK_BLOOD_THRESHOLDS', 'O-=many'],
    ['MEDTRACK_BLOOD_SHELF_DAYS', 'blood=35'],
    ['MEDTRACK_BLOOD_PLATELET_RULE', 'whatever'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
