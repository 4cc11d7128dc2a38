import { spawn } from 'node:child_process';

// pdfjs (inside pdf-parse) cannot run in jest's module system, and an uploaded PDF is untrusted
// input: its text is read in a child process with a memory cap, a time limit and no environment.

export type Extracted = { ok: true; text: string } | { ok: false; reason: 'encrypted' | 'invalid' | 'timeout' };

export interface ExtractLimits { timeoutMs: number; maxOldSpaceMb: number; maxPages: number; maxTextChars: number }
export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { timeoutMs: 10_000, maxOldSpaceMb: 256, maxPages: 20, maxTextChars: 2_000_000 };

const WORKER_SOURCE = `
const [pdfParsePath, maxPages] = process.argv.slice(1);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const { PDFParse } = require(pdfParsePath);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)), stopAtErrors: true });
  try {
    const result = await parser.getText({ first: Number(maxPages) });
    process.stdout.write(JSON.stringify({ ok: true, text: result.pages.map((p) => p.text).join('\\n') }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, reason: e && e.name === 'PasswordException' ? 'encrypted' : 'invalid' }));
  } finally {
    await parser.destroy().catch(() => undefined);
  }
});`;

/** The text layer of a PDF, read in a separate, limited process; never throws for a bad PDF. */
export function extractPdfText(pdf: Buffer, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): Promise<Extracted> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${limits.maxOldSpaceMb}`, '-e', WORKER_SOURCE, require.resolve('pdf-parse'), String(limits.maxPages)], {
      env: {},
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    let settled = false;
    const finish = (result: Extracted) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), limits.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.length > limits.maxTextChars + 100) finish({ ok: false, reason: 'invalid' });
    });
    child.on('error', () => finish({ ok: false, reason: 'invalid' }));
    child.on('close', () => finish(parseWorkerOutput(out)));
    child.stdin.on('error', () => undefined);
    child.stdin.end(pdf);
  });
}

function parseWorkerOutput(out: string): Extracted {
  try {
    const parsed = JSON.parse(out) as Extracted;
    return parsed.ok ? { ok: true, text: String(parsed.text) } : { ok: false, reason: parsed.reason === 'encrypted' ? 'encrypted' : 'invalid' };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}
