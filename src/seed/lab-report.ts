/**
 * A laboratory report as a real lab prints one (header, patient box, results table with units and
 * the lab's own ranges, signature line), for the demo patient's medical vault and the e2e journey.
 * Its text layer is what the lab-insights reader sees.
 */
import { renderPdf } from '../platform/pdf';
import { LEFT, letterhead } from './letterhead';

export interface LabReportInput {
  labName: string;
  patientName: string;
  ageAndSex: string;
  collectedOn: string;
  /** [test, result, unit, the lab's reference range] */
  rows: [string, string, string, string][];
}

const RIGHT = 547;
const COLUMNS = [LEFT, 260, 340, 420];
const BRAND = '#274c77';

/** A fasting panel a GP might order at a yearly check-up: some results in range, some not. */
export const CHECK_UP_ROWS: LabReportInput['rows'] = [
  ['Haemoglobin', '11.2', 'g/dL', '12.0 - 15.5'],
  ['Total Leucocyte Count (TLC)', '7,400', 'cells/cumm', '4,000 - 11,000'],
  ['Platelet Count', '2.6', 'lakhs/cumm', '1.5 - 4.1'],
  ['Fasting Blood Sugar (FBS)', '108', 'mg/dL', '70 - 99'],
  ['HbA1c', '6.0', '%', '< 5.7'],
  ['Cholesterol, Total', '192', 'mg/dL', '< 200'],
  ['LDL Cholesterol', '124', 'mg/dL', '< 100'],
  ['HDL Cholesterol', '52', 'mg/dL', '> 50'],
  ['Triglycerides', '140', 'mg/dL', '< 150'],
  ['TSH', '2.1', 'µIU/mL', '0.4 - 4.0'],
  ['25-OH Vitamin D', '17', 'ng/mL', '30 - 100'],
];

export function labReportPdf(input: LabReportInput): Promise<Buffer> {
  return renderPdf({ size: 'A4', margin: LEFT, info: { Title: `${input.labName}: laboratory report` } }, (doc) => {
    letterhead(doc, { colour: BRAND, issuer: input.labName, department: 'Department of Laboratory Medicine' }, [
      [`Patient: ${input.patientName}`, `Age / Sex: ${input.ageAndSex}`],
      [`Sample collected: ${input.collectedOn}`, 'Sample: Serum, whole blood (EDTA)'],
    ]);
    let y = 150;
    doc.font('Helvetica-Bold').fontSize(10);
    ['Test', 'Result', 'Unit', 'Reference range'].forEach((title, i) => doc.text(title, COLUMNS[i], y));
    doc.moveTo(LEFT, y + 15).lineTo(RIGHT, y + 15).strokeColor('#9aa5b1').stroke();
    doc.font('Helvetica').fontSize(10);
    for (const row of input.rows) {
      y += 22;
      row.forEach((cell, i) => doc.text(cell, COLUMNS[i], y));
    }
    doc.fontSize(8).fill('#5f6b7a').text('Results relate only to the sample tested. Interpret with clinical findings.', LEFT, y + 40);
    doc.text('Verified by: Dr S. Kulkarni, MD (Pathology)', LEFT, y + 54);
  });
}
