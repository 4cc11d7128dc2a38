import { DEFAULT_EXTRACT_LIMITS, extractPdfText, type ExtractLimits } from './extract-text';
import { findCandidates } from './find-values';
import { resultFor } from './flag';
import { ANALYTES, HEADLINE, type LabReading, type Sex } from './types';

export interface ReadOptions { maxBytes: number; limits: ExtractLimits }
const DEFAULTS: ReadOptions = { maxBytes: 10 * 1024 * 1024, limits: DEFAULT_EXTRACT_LIMITS };

/** Reads lab values from a PDF's text layer and flags them; a scan or a bad PDF says so, never guesses. */
export async function readLabReport(pdf: Buffer, patient: { sex?: Sex }, options: Partial<ReadOptions> = {}): Promise<LabReading> {
  const { maxBytes, limits } = { ...DEFAULTS, ...options };
  if (pdf.length > maxBytes) return { kind: 'unreadable', reason: 'too-large' };
  if (!pdf.subarray(0, 1024).includes('%PDF-')) return { kind: 'unreadable', reason: 'invalid' };
  const extracted = await extractPdfText(pdf, limits);
  if (!extracted.ok) return { kind: 'unreadable', reason: extracted.reason };
  return readLabText(extracted.text, patient.sex);
}

/** The reading of a report's text (exported for the unit tests of layouts). */
export function readLabText(text: string, sex: Sex | undefined): LabReading {
  if (!/[A-Za-z]{3,}/.test(text)) return { kind: 'no-text' };
  const candidates = findCandidates(text);
  const results = ANALYTES.filter((a) => candidates.some((c) => c.analyte === a)).map((a) =>
    resultFor(a, candidates.filter((c) => c.analyte === a), sex),
  );
  return { kind: 'read', headline: HEADLINE, results };
}
