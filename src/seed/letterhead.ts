/** The top of the demo's clinical documents: a coloured band with the issuer, then the patient's lines in two columns. */
import type { PdfDoc } from '../platform/pdf';

export const LEFT = 48;

export function letterhead(doc: PdfDoc, band: { colour: string; issuer: string; department: string }, facts: [string, string][]): void {
  doc.rect(0, 0, 595, 80).fill(band.colour);
  doc.fill('#ffffff').font('Helvetica-Bold').fontSize(18).text(band.issuer, LEFT, 26);
  doc.font('Helvetica').fontSize(9).text(band.department, LEFT, 50);
  doc.fill('#1f2933').font('Helvetica').fontSize(10);
  facts.forEach(([left, right], row) => doc.text(left, LEFT, 100 + 16 * row).text(right, 300, 100 + 16 * row));
}
