import { readLabReport, type AnalyteId, type AnalyteResult, type LabReading } from '../../../src/records';
import { labPdf } from '../../helpers/lab-pdfs';

jest.setTimeout(60_000);

const NOISE = ['City Diagnostics, NABL Accreditation No. MC-2345', 'Phone: +91 98765 43210  Page 1 of 2', 'Patient ID 884213  Sample ID 12345  Date 12/03/2025 09:40'];

// [analyte, printed name, value, unit, flag] — one row per analyte, with the report's own range beside it.
type Row = [AnalyteId, string, string, string, 'low' | 'normal' | 'high'];
const TABLE: Row[] = [
  ['haemoglobin', 'Haemoglobin', '12.5', 'g/dL', 'low'],
  ['wbc', 'Total Leucocyte Count (TLC)', '7,800', 'cells/cumm', 'normal'],
  ['platelets', 'Platelet Count', '1.2', 'lakhs/cumm', 'low'],
  ['fastingGlucose', 'Fasting Blood Sugar (FBS)', '110', 'mg/dL', 'high'],
  ['randomGlucose', 'Random Blood Sugar (RBS)', '120', 'mg/dL', 'normal'],
  ['hba1c', 'HbA1c', '6.1', '%', 'high'],
  ['totalCholesterol', 'Cholesterol, Total', '180', 'mg/dL', 'normal'],
  ['ldl', 'LDL Cholesterol', '131', 'mg/dL', 'high'],
  ['hdl', 'HDL Cholesterol', '38', 'mg/dL', 'low'],
  ['triglycerides', 'Triglycerides', '120', 'mg/dL', 'normal'],
  ['creatinine', 'Serum Creatinine', '1.5', 'mg/dL', 'high'],
  ['urea', 'Blood Urea', '30', 'mg/dL', 'normal'],
  ['alt', 'SGPT (ALT)', '60', 'U/L', 'high'],
  ['ast', 'SGOT (AST)', '30', 'U/L', 'normal'],
  ['tsh', 'TSH', '0.2', 'µIU/mL', 'low'],
  ['vitaminD', '25-OH Vitamin D', '18', 'ng/mL', 'low'],
  ['vitaminB12', 'Vitamin B12', '450', 'pg/mL', 'normal'],
  ['sodium', 'Sodium (Na+)', '131', 'mEq/L', 'low'],
  ['potassium', 'Potassium (K+)', '5.6', 'mmol/L', 'high'],
];
// Other spellings and units (SI), as "Name: value unit" lines.
const COLON: Row[] = [
  ['haemoglobin', 'Hb', '125', 'g/L', 'normal'],
  ['wbc', 'WBC', '12.5', 'x10^9/L', 'high'],
  ['platelets', 'PLT', '250000', '/cumm', 'normal'],
  ['fastingGlucose', 'Glucose, Fasting', '5.0', 'mmol/L', 'normal'],
  ['randomGlucose', 'Glucose (Random)', '11.5', 'mmol/L', 'high'],
  ['hba1c', 'Glycated Haemoglobin', '53', 'mmol/mol', 'high'],
  ['totalCholesterol', 'Total Cholesterol', '5.8', 'mmol/L', 'high'],
  ['ldl', 'LDL-C', '2.0', 'mmol/L', 'normal'],
  ['hdl', 'HDL-C', '1.2', 'mmol/L', 'low'],
  ['triglycerides', 'Serum Triglycerides', '2.1', 'mmol/L', 'high'],
  ['creatinine', 'Creatinine', '70', 'µmol/L', 'normal'],
  ['urea', 'Urea', '9.1', 'mmol/L', 'high'],
  ['alt', 'Alanine aminotransferase', '22', 'IU/L', 'normal'],
  ['ast', 'Aspartate aminotransferase', '95', 'IU/L', 'high'],
  ['tsh', 'Thyroid Stimulating Hormone', '6.2', 'mIU/L', 'high'],
  ['vitaminD', '25-hydroxy Vitamin D', '75', 'nmol/L', 'normal'],
  ['vitaminB12', 'Cobalamin', '90', 'pmol/L', 'low'],
  ['sodium', 'Na', '150', 'mmol/L', 'high'],
  ['potassium', 'K', '3.2', 'mmol/L', 'low'],
];

let table: LabReading;
let colon: LabReading;
let before: LabReading;
beforeAll(async () => {
  const header = ['Test', 'Result', 'Unit', 'Reference range'];
  const rows = TABLE.map(([, name, value, unit]) => [name, value, unit, '10.0-20.0']);
  [table, colon, before] = await Promise.all([
    labPdf({ header: NOISE, table: [header, ...rows] }).then((pdf) => readLabReport(pdf, { sex: 'male' })),
    labPdf({ header: NOISE, lines: COLON.map(([, name, value, unit]) => `${name}: ${value} ${unit}`) }).then((pdf) => readLabReport(pdf, { sex: 'female' })),
    labPdf({ header: NOISE, lines: TABLE.map(([, name, value, unit]) => `${value} ${unit}  ${name}`) }).then((pdf) => readLabReport(pdf, { sex: 'male' })),
  ]);
});

const resultOf = (reading: LabReading, analyte: AnalyteId): AnalyteResult | undefined =>
  reading.kind === 'read' ? reading.results.find((r) => r.analyte === analyte) : undefined;
const number = (printed: string) => Number(printed.replace(/,/g, ''));

describe('a lab report laid out as a table (name | value | unit | range)', () => {
  it.each(TABLE)('reads %s from "%s %s %s" and flags it %s', (analyte, _name, value, unit, flag) => {
    expect(resultOf(table, analyte)).toMatchObject({ status: 'flagged', value: number(value), unit: unit.replace('µ', 'μ'), flag });
  });
  it('finds nothing else: the report range, ids, dates and phone numbers are not values', () => {
    expect(table.kind === 'read' && table.results.map((r) => r.analyte).sort()).toEqual(TABLE.map(([a]) => a).sort());
  });
});

describe('a lab report written as "Name: value unit" lines, in SI units and other spellings', () => {
  it.each(COLON)('reads %s from "%s: %s %s" and flags it %s for a woman', (analyte, _name, value, unit, flag) => {
    expect(resultOf(colon, analyte)).toMatchObject({ status: 'flagged', value: number(value), unit: unit.replace('µ', 'μ'), flag });
  });
});

describe('a lab report with the value before the name ("13.5 g/dL Haemoglobin")', () => {
  it.each(TABLE)('reads %s', (analyte, _name, value, _unit, flag) => {
    expect(resultOf(before, analyte)).toMatchObject({ status: 'flagged', value: number(value), flag });
  });
});
