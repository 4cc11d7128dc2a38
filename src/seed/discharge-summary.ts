/**
 * A short hospital discharge summary, as a ward prints one (header, patient box, sections, signature
 * line), for the demo patient's medical vault. Plain text in a PDF: nothing in it is read automatically.
 */
import { renderPdf } from '../platform/pdf';
import { LEFT, letterhead } from './letterhead';

export interface DischargeSummaryInput {
  hospitalName: string;
  patientName: string;
  ageAndSex: string;
  admittedOn: string;
  dischargedOn: string;
  /** [heading, paragraph] */
  sections: [string, string][];
}

const WIDTH = 499;
const BRAND = '#3d5a40';

/** A short stay for the demo patient's known mild asthma: what a discharge summary says about it. */
export const ASTHMA_STAY: DischargeSummaryInput['sections'] = [
  ['Reason for admission', 'Cough, wheeze and breathlessness for two days after a viral cold. Known mild asthma.'],
  ['Treatment in hospital', 'Nebulised salbutamol, then inhaler with spacer; oral prednisolone 40 mg once a day. Oxygen was not needed.'],
  ['Condition at discharge', 'Comfortable at rest, chest clear, peak flow 85% of her best.'],
  ['Medicines on discharge', 'Prednisolone 40 mg once a day for 3 more days. Salbutamol inhaler 2 puffs when needed. Budesonide inhaler 200 mcg twice a day (new).'],
  ['Follow-up', 'See your general physician in 1 to 2 weeks. Come back at once if breathing gets worse or the inhaler does not help.'],
];

export function dischargeSummaryPdf(input: DischargeSummaryInput): Promise<Buffer> {
  return renderPdf({ size: 'A4', margin: LEFT, info: { Title: `${input.hospitalName}: discharge summary` } }, (doc) => {
    letterhead(doc, { colour: BRAND, issuer: input.hospitalName, department: 'Department of Medicine · Discharge summary' }, [
      [`Patient: ${input.patientName}`, `Age / Sex: ${input.ageAndSex}`],
      [`Admitted: ${input.admittedOn}`, `Discharged: ${input.dischargedOn}`],
    ]);
    doc.moveTo(LEFT, 136).lineTo(LEFT + WIDTH, 136).strokeColor('#9aa5b1').stroke();
    doc.y = 150;
    for (const [heading, text] of input.sections) {
      doc.font('Helvetica-Bold').fontSize(11).fill('#1f2933').text(heading, LEFT, doc.y, { width: WIDTH });
      doc.font('Helvetica').fontSize(10).text(text, LEFT, doc.y + 2, { width: WIDTH });
      doc.moveDown(0.8);
    }
    doc.fontSize(8).fill('#5f6b7a').text('Signed: Dr R. Fernandes, MD (Medicine), consultant physician', LEFT, doc.y + 20);
  });
}
