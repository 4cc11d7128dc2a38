/** The visit record's form rules: the vitals' range edges, number formats, and ICD-10 codes as typed. */
import { clinicalRecordSchema, VITAL_RANGES } from '../../../src/appointments/visit-record/schemas';
import { findIcd10, ICD10_CODES, searchIcd10 } from '../../../src/appointments/visit-record/icd10';
import { parseForm } from '../../../src/platform/validation';

const parse = (fields: Record<string, string>) => parseForm(clinicalRecordSchema, { diagnosis: 'Viral fever', ...fields });

describe('vitals', () => {
  it.each(Object.entries(VITAL_RANGES).filter(([name]) => !name.startsWith('bp')))('accept %s at both edges and refuse just outside', (name, range) => {
    const step = range.whole ? 1 : 0.1;
    expect(parse({ [name]: String(range.min) })).toMatchObject({ ok: true, data: { vitals: { [name]: range.min } } });
    expect(parse({ [name]: String(range.max) })).toMatchObject({ ok: true, data: { vitals: { [name]: range.max } } });
    expect(parse({ [name]: String(Math.round((range.min - step) * 10) / 10) })).toMatchObject({ ok: false, errors: { [name]: expect.stringContaining('must be between') } });
    expect(parse({ [name]: String(Math.round((range.max + step) * 10) / 10) })).toMatchObject({ ok: false, errors: { [name]: expect.stringContaining('must be between') } });
  });

  it('takes a decimal comma, and refuses two decimals, signs, exponents and words', () => {
    expect(parse({ temperatureC: '37,5' })).toMatchObject({ ok: true, data: { vitals: { temperatureC: 37.5 } } });
    for (const bad of ['37.55', '-37', '3e1', 'NaN', 'thirty', '0x25']) expect(parse({ temperatureC: bad })).toMatchObject({ ok: false });
    expect(parse({ pulse: '72.5' })).toMatchObject({ ok: false, errors: { pulse: 'Give the pulse as a whole number, in beats a minute' } });
  });

  it('stores no vitals at all when none was measured', () => {
    const result = parse({ pulse: '', spo2: '' });
    expect(result.ok && result.data.vitals).toBeUndefined();
  });
});

describe('ICD-10', () => {
  it('has unique codes with titles, and finds a code however it is typed', () => {
    expect(new Set(ICD10_CODES.map((c) => c.code)).size).toBe(ICD10_CODES.length);
    expect(ICD10_CODES.every((c) => /^[A-Z]\d\d(\.\d)?$/.test(c.code) && c.title.length > 3)).toBe(true);
    expect(findIcd10('j069')).toEqual({ code: 'J06.9', title: 'Acute upper respiratory infection, unspecified' });
    expect(findIcd10('J06.99')).toBeUndefined();
  });

  it('searches by code before words, and pages', () => {
    expect(searchIcd10('I1').results[0].code).toBe('I10');
    expect(searchIcd10('asthma').results.map((c) => c.code)).toEqual(['J45.0', 'J45.9', 'J46']);
    expect(searchIcd10('tinea', { offset: 2, limit: 2 })).toMatchObject({ offset: 2, total: 4, results: [{ code: 'B35.4' }, { code: 'B35.6' }] });
  });
});
