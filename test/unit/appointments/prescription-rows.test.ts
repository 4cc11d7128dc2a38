import { MAX_PRESCRIPTION_ROWS, rowChange, rowCount } from '../../../src/appointments/doctor-day/prescription-rows';
import { parseCompletion } from '../../../src/appointments/doctor-day/schemas';

describe('the medicine rows of the completion form', () => {
  it('shows as many rows as were sent: at least one, at most the maximum, whatever the input names', () => {
    expect(rowCount({})).toBe(1);
    expect(rowCount({ diagnosis: 'x', drug_3: '', dose_1: 'a' })).toBe(3);
    expect(rowCount({ drug_999999: 'x', drug_0: 'y', drugs_4: 'z', __proto__x_5: 'w' })).toBe(MAX_PRESCRIPTION_ROWS);
    expect(rowCount({ drug_0: 'y', drugs_4: 'z' })).toBe(1);
  });

  it('adds a row up to the maximum, and removes one moving the rows after it up', () => {
    expect(rowChange({ drug_1: 'A', rows: 'add' })?.rows).toBe(2);
    expect(rowChange({ [`drug_${MAX_PRESCRIPTION_ROWS}`]: 'A', rows: 'add' })?.rows).toBe(MAX_PRESCRIPTION_ROWS);
    const removed = rowChange({ diagnosis: 'D', drug_1: 'A', drug_2: 'B', dose_2: '1', drug_3: 'C', dose_3: '2', rows: 'remove-2' })!;
    expect(removed.rows).toBe(2);
    expect(removed.values).toMatchObject({ diagnosis: 'D', drug_1: 'A', drug_2: 'C', dose_2: '2' });
    expect(removed.values.drug_3).toBeUndefined();
    // The only row removed: one empty row to type in.
    expect(rowChange({ diagnosis: 'D', drug_1: 'A', rows: 'remove-1' })).toMatchObject({ rows: 1, values: { diagnosis: 'D' } });
    expect(rowChange({ drug_1: 'A', rows: 'remove-1' })?.values.drug_1).toBeUndefined();
    expect(rowChange({ drug_1: 'A' })).toBeUndefined();
    expect(rowChange({ drug_1: 'A', rows: 'remove-x' })).toBeUndefined();
  });

  it('reads rows in order, whatever order the fields came in', () => {
    const line = (drug: string) => ({ drug, dose: '1', frequency: 'daily', duration: '2 days' });
    const form = parseCompletion({ diagnosis: 'Flu', ...prefixed(line('Bb'), 10), ...prefixed(line('Aa'), 2) });
    expect(form.ok && form.data.prescription.map((l) => l.drug)).toEqual(['Aa', 'Bb']);
  });
});

const prefixed = (fields: Record<string, string>, row: number) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${k}_${row}`, v]));
