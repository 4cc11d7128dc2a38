/** Lab-report PDFs made with pdfkit the way labs lay them out, for the insights tests. */
import PDFDocument from 'pdfkit';
import { TINY_PNG } from './images';

interface LabPdf { header?: string[]; lines?: string[]; table?: string[][]; scanned?: boolean; password?: string }

/** A one-page report: header lines, then a table (one row per array, in columns) and/or plain lines. */
export function labPdf({ header = [], lines = [], table = [], scanned = false, password }: LabPdf): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, ...(password ? { userPassword: password, ownerPassword: `${password}-owner` } : {}) });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  if (scanned) doc.image(TINY_PNG, 40, 40, { width: 500, height: 700 });
  doc.fontSize(9);
  let y = 40;
  for (const line of header) doc.text(line, 40, (y += 14));
  for (const row of table) {
    y += 16;
    row.forEach((cell, i) => doc.text(cell, 40 + [0, 200, 270, 380][i], y, { width: [190, 60, 100, 150][i], lineBreak: false }));
  }
  for (const line of lines) doc.text(line, 40, (y += 14));
  doc.end();
  return done;
}
