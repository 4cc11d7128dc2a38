import { readLabReport, readLabText, type LabReading } from '../../../src/records';
import { labPdf } from '../../helpers/lab-pdfs';

jest.setTimeout(60_000);

const flagged = (reading: LabReading) => (reading.kind === 'read' ? reading.results.filter((r) => r.status === 'flagged') : []);

describe('noise on a report is never read as a value', () => {
  it('ignores ranges, dates, ids, page and phone numbers, even beside an analyte name', async () => {
    const pdf = await labPdf({
      lines: [
        'Sample ID 12345  Patient ID 884213  Lab No. 55012', 'NABL Accreditation No. MC-2345  ISO 15189:2012',
        'Phone: +91 98765 43210  Page 1 of 2  Printed 12/03/2025 10:15',
        'Haemoglobin 13.0-17.0 g/dL', 'Sodium 135 - 145 mmol/L', 'Vitamin D tested on 12/03/2025',
        'Platelets Page 2 of 3', 'TSH 10:15 mIU/L', 'Creatinine 12/03 mg/dL', 'HbA1c Sample ID 12345',
        'Mean Corpuscular Haemoglobin (MCH) 29.0 pg', 'Non-HDL Cholesterol 150 mg/dL', 'Blood Urea Nitrogen 14 mg/dL',
        'Chol/HDL Ratio 4.2', 'Mean Platelet Volume 9.1 fL', 'Estimated Average Glucose 126 mg/dL',
      ],
    });
    const reading = await readLabReport(pdf, { sex: 'female' });
    expect(reading.kind).toBe('read');
    expect(flagged(reading)).toEqual([]);
  });

  it('says "could not read" for a number with no known unit, an impossible number, a "<" value, or two different values', () => {
    const reading = readLabText(['Haemoglobin 13.5', 'Potassium 45 mmol/L', 'Vitamin B12 >2000 pg/mL', 'TSH 2.1 mIU/L', 'TSH 4.8 mIU/L'].join('\n'), 'male');
    expect(reading.kind === 'read' && reading.results).toEqual([
      expect.objectContaining({ analyte: 'haemoglobin', status: 'could-not-read', reason: 'unknown-unit' }),
      expect.objectContaining({ analyte: 'tsh', status: 'could-not-read', reason: 'conflicting-values' }),
      expect.objectContaining({ analyte: 'vitaminB12', status: 'could-not-read', reason: 'not-exact' }),
      expect.objectContaining({ analyte: 'potassium', status: 'could-not-read', reason: 'implausible' }),
    ]);
  });

  it('reads a value printed twice in two units once', () => {
    const reading = readLabText('Fasting Plasma Glucose 99 mg/dL\nFPG 5.5 mmol/L', undefined);
    expect(flagged(reading)).toEqual([expect.objectContaining({ analyte: 'fastingGlucose', value: 99, flag: 'normal' })]);
  });
});

describe('ranges that differ by sex', () => {
  it.each([
    ['female', 'normal', '12.1–15.1 g/dL for women'],
    ['male', 'low', '13.8–17.2 g/dL for men'],
    [undefined, 'normal', '12.1–15.1 g/dL for women, 13.8–17.2 g/dL for men'],
  ] as const)('haemoglobin 12.5 g/dL for a patient whose sex is %s is %s, shown against %s', (sex, flag, range) => {
    expect(flagged(readLabText('Haemoglobin 12.5 g/dL', sex))).toEqual([expect.objectContaining({ flag, range, source: expect.objectContaining({ name: expect.stringContaining('MedlinePlus') }) })]);
  });

  it('shows the range in the unit of the report', () => {
    expect(flagged(readLabText('Creatinine 130 µmol/L', 'female'))).toEqual([expect.objectContaining({ flag: 'high', range: '52.2–91.9 μmol/L for women' })]);
  });
});

describe('reports that cannot be read', () => {
  it('a scanned image (no text layer) says so, with no values', async () => {
    expect(await readLabReport(await labPdf({ scanned: true }), {})).toEqual({ kind: 'no-text' });
  });
  it('a password-protected PDF is unreadable', async () => {
    expect(await readLabReport(await labPdf({ lines: ['Haemoglobin 13.5 g/dL'], password: 'secret' }), {})).toEqual({ kind: 'unreadable', reason: 'encrypted' });
  });
  it('bytes that are not a PDF, or a broken PDF, are unreadable', async () => {
    expect(await readLabReport(Buffer.from('Haemoglobin 13.5 g/dL'), {})).toEqual({ kind: 'unreadable', reason: 'invalid' });
    expect(await readLabReport(Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage'), {})).toEqual({ kind: 'unreadable', reason: 'invalid' });
  });
  it('a PDF over the size limit is not parsed', async () => {
    const pdf = await labPdf({ lines: ['Haemoglobin 13.5 g/dL'] });
    expect(await readLabReport(pdf, {}, { maxBytes: pdf.length - 1 })).toEqual({ kind: 'unreadable', reason: 'too-large' });
  });
  it('a parse that takes too long is stopped', async () => {
    const pdf = await labPdf({ lines: ['Haemoglobin 13.5 g/dL'] });
    const limits = { timeoutMs: 1, maxOldSpaceMb: 256, maxPages: 20, maxTextChars: 2_000_000 };
    expect(await readLabReport(pdf, {}, { limits })).toEqual({ kind: 'unreadable', reason: 'timeout' });
  });
});
