/**
 * Reading PDFs in tests. pdf-parse (pdfjs) cannot run inside jest's module system, so its text is
 * extracted in a child process: PDF bytes on stdin, JSON on stdout, with a timeout and a memory cap.
 * The QR code is read with poppler's pdftoppm and zbar's zbarimg (scripts/test.sh installs them).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WORKER_SOURCE = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const { PDFParse } = require('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: result.text }));
});`;

export function pdfText(pdf: Buffer, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '-e', WORKER_SOURCE], { cwd: process.cwd(), timeout: timeoutMs });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((JSON.parse(out) as { text: string }).text) : reject(new Error(`pdf text extraction failed (${code}): ${err}`))));
    child.stdin.end(pdf);
  });
}

const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The QR codes on the PDF's first page, decoded (scripts/test.sh installs pdftoppm and zbarimg). */
export function qrCodesOf(pdf: Buffer): string[] {
  if (!has('pdftoppm') || !has('zbarimg')) throw new Error('Reading QR codes needs pdftoppm (poppler-utils) and zbarimg (zbar-tools)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-qr-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    const page = fs.readdirSync(dir).find((f) => f.endsWith('.png'))!;
    const out = execFileSync('zbarimg', ['-q', '--raw', path.join(dir, page)], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return out.split('\n').filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
