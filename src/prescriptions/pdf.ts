/**
 * The prescription as a printable A4 PDF (pdfkit): the hospital's header band, the doctor and
 * their registration, the patient, the medicines table, advice, the one-time dispense code and a
 * QR code of the signed verify link, with the validity in the footer.
 */
import QRCode from 'qrcode';
import { DateTime } from 'luxon';
import type { Hospital } from '../directory';
import { formatPhone } from '../platform/format';
import { renderPdf, type PdfDoc } from '../platform/pdf';
import type { Prescription } from './types';

export interface PdfInput {
  prescription: Prescription;
  hospital?: Hospital;
  hospitalName: string;
  timeZone: string;
  verifyUrl: string;
  dispenseCode?: string;
  validUntil: string;
}

const INK = '#1f2933';
const MUTED = '#5f6b7a';
const BRAND = '#0b5d6b';
const LINE = '#cfd6dd';
const [LEFT, RIGHT] = [48, 547];
const COLUMNS = [
  { title: '#', width: 22 },
  { title: 'Medicine', width: 150 },
  { title: 'Dose', width: 70 },
  { title: 'How often', width: 85 },
  { title: 'For', width: 62 },
  { title: 'Instructions', width: 110 },
];

type Doc = PdfDoc;

export async function prescriptionPdf(input: PdfInput): Promise<Buffer> {
  const qr = await QRCode.toBuffer(input.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const info = { Title: 'Prescription', Author: input.hospitalName, Subject: `Prescription ${input.prescription.id}` };
  return renderPdf({ size: 'A4', margin: 0, info }, (doc) => {
    header(doc, input);
    const y = people(doc, input, 140);
    const afterTable = medicines(doc, input.prescription, y + 18);
    const afterAdvice = advice(doc, input.prescription, afterTable + 16);
    dispenseBox(doc, input, qr, Math.max(afterAdvice + 20, 600));
    footer(doc, input);
  });
}

function header(doc: Doc, { hospital, hospitalName, prescription }: PdfInput) {
  doc.rect(0, 0, 595, 100).fill(BRAND);
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(20).text(hospital?.name ?? hospitalName, LEFT, 28, { width: 360 });
  const contact = [hospital?.address, hospital?.city].filter(Boolean).join(', ');
  doc.font('Helvetica').fontSize(9.5).text(contact, LEFT, 56, { width: 360 });
  if (hospital?.phone) doc.text(`Phone ${formatPhone(hospital.phone)}`, LEFT, 70);
  doc.font('Helvetica-Bold').fontSize(11).text('PRESCRIPTION', 400, 34, { width: RIGHT - 400, align: 'right', characterSpacing: 1.5 });
  doc.font('Helvetica').fontSize(8.5).text(`No. ${prescription.id.slice(0, 8).toUpperCase()}`, 400, 52, { width: RIGHT - 400, align: 'right' });
}

function people(doc: Doc, { prescription: p, timeZone }: PdfInput, top: number): number {
  const issued = DateTime.fromISO(p.issuedAt, { zone: timeZone });
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(13).text(p.doctorName, LEFT, top - 22);
  doc.fillColor(MUTED).font('Helvetica').fontSize(9.5).text(p.doctorRegistration ? `Registration no. ${p.doctorRegistration}` : 'Registration no. not on record', LEFT, top - 5);
  const boxTop = top + 14;
  doc.roundedRect(LEFT, boxTop, RIGHT - LEFT, 46, 4).fill('#f2f5f7');
  const age = p.patientDateOfBirth ? `${Math.floor(issued.diff(DateTime.fromISO(p.patientDateOfBirth), 'years').years)} years` : 'not given';
  const cells = [
    ['Patient', p.patientName, LEFT + 12],
    ['Age', age, LEFT + 250],
    ['Date', issued.toFormat('d LLL yyyy'), LEFT + 370],
  ] as const;
  for (const [label, value, x] of cells) {
    doc.fillColor(MUTED).font('Helvetica').fontSize(8).text(label.toUpperCase(), x, boxTop + 9, { characterSpacing: 0.8 });
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(value, x, boxTop + 22, { width: x === LEFT + 12 ? 230 : 115, ellipsis: true, height: 14 });
  }
  return boxTop + 46;
}

function medicines(doc: Doc, p: Prescription, top: number): number {
  doc.fillColor(BRAND).font('Times-BoldItalic').fontSize(26).text('Rx', LEFT, top);
  let y = top + 34;
  doc.rect(LEFT, y, RIGHT - LEFT, 20).fill(BRAND);
  row(doc, y + 6, COLUMNS.map((c) => c.title), { bold: true, color: '#ffffff' });
  y += 20;
  p.lines.forEach((line, i) => {
    const cells = [`${i + 1}`, [line.drug, line.strength].filter(Boolean).join(' '), line.dose, line.frequency, line.duration, line.instructions ?? ''];
    const height = Math.max(...cells.map((text, c) => doc.font(c === 1 ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5).heightOfString(text, { width: COLUMNS[c].width - 8 }))) + 14;
    if (i % 2 === 1) doc.rect(LEFT, y, RIGHT - LEFT, height).fill('#f7f9fa');
    row(doc, y + 7, cells, { color: INK });
    y += height;
    doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.5).strokeColor(LINE).stroke();
  });
  return y;
}

function row(doc: Doc, y: number, cells: string[], { bold = false, color }: { bold?: boolean; color: string }) {
  let x = LEFT;
  cells.forEach((text, c) => {
    doc.fillColor(color).font(bold || c === 1 ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 8.5 : 9.5);
    doc.text(text, x + 4, y, { width: COLUMNS[c].width - 8 });
    x += COLUMNS[c].width;
  });
}

function advice(doc: Doc, p: Prescription, top: number): number {
  if (!p.advice) return top;
  doc.fillColor(BRAND).font('Helvetica-Bold').fontSize(10).text('Advice', LEFT, top);
  doc.fillColor(INK).font('Helvetica').fontSize(10).text(p.advice, LEFT, top + 15, { width: RIGHT - LEFT });
  return doc.y;
}

function dispenseBox(doc: Doc, input: PdfInput, qr: Buffer, top: number) {
  doc.roundedRect(LEFT, top, RIGHT - LEFT, 118, 6).lineWidth(1).strokeColor(LINE).stroke();
  doc.image(qr, RIGHT - 112, top + 6, { width: 96 });
  doc.fillColor(MUTED).font('Helvetica').fontSize(7).text('Scan to check', RIGHT - 112, top + 104, { width: 96, align: 'center' });
  doc.fillColor(MUTED).font('Helvetica').fontSize(8).text('FOR THE PHARMACIST', LEFT + 16, top + 16, { characterSpacing: 0.8 });
  doc.fillColor(INK).font('Helvetica').fontSize(9.5).text('Scan the code to check this prescription. When you dispense it, enter this one-time code on that page:', LEFT + 16, top + 30, { width: 300 });
  const code = input.dispenseCode ? `${input.dispenseCode.slice(0, 4)}-${input.dispenseCode.slice(4)}` : 'not available: ask the hospital';
  doc.font('Courier-Bold').fontSize(22).fillColor(INK).text(code, LEFT + 16, top + 62, { characterSpacing: 2 });
  doc.fillColor(MUTED).font('Helvetica').fontSize(8).text('Keep this code private: it can be used once.', LEFT + 16, top + 92);
}

function footer(doc: Doc, { prescription: p, timeZone, validUntil, verifyUrl }: PdfInput) {
  const until = DateTime.fromISO(validUntil, { zone: timeZone }).toFormat('d LLL yyyy');
  doc.moveTo(LEFT, 770).lineTo(RIGHT, 770).lineWidth(0.5).strokeColor(LINE).stroke();
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(8.5).text(`Valid until ${until}. Issued electronically by ${p.doctorName}; no handwritten signature is needed.`, LEFT, 778, { width: RIGHT - LEFT });
  doc.fillColor(MUTED).font('Helvetica').fontSize(7).text(`Prescription ${p.id}. Pharmacists: scan the QR code, or open ${verifyUrl}`, LEFT, 792, { width: RIGHT - LEFT });
}
