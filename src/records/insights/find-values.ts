import { ANALYTE_SPECS, OTHER_TESTS, type AnalyteSpec } from './analytes';
import { ANALYTES, type AnalyteId, type UnreadResult } from './types';
import { normaliseUnit } from './units';

// Reads "name value unit" (tables, "Name: value unit") and "value unit name" lines. A number counts
// only when it stands alone (not part of a date, a range "13.0-17.0", a time or an id) and is
// followed by a unit this analyte comes in; anything less is "could not read", never a guess.

export type Candidate =
  | { analyte: AnalyteId; value: number; unit: string; unitKey: string }
  | { analyte: AnalyteId; reason: UnreadResult['reason'] };

interface Span { start: number; end: number; analyte?: AnalyteId }

const global = (re: RegExp) => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
const MATCHERS: { re: RegExp; analyte?: AnalyteId }[] = [
  ...OTHER_TESTS.map((re) => ({ re: global(re) })),
  ...ANALYTES.flatMap((analyte) => ANALYTE_SPECS[analyte].labels.map((re) => ({ re: global(re), analyte }))),
];

const NUMBER = String.raw`(\d+(?:,\d{2,3})*(?:\.\d+)?)(?![\d.,]|\s*[-–/:]\s*\d)`;
const VALUE_FIRST = new RegExp(String.raw`^([<>≤≥]=?\s*)?${NUMBER}\s*(?:(?:H|L|High|Low|\*+|↑|↓)(?=\s|$))?\s*`, 'i');
const FILLER = /^(?:[\s:=\-–)]|\([^()]{0,40}\))*/;
const RANGE = /^\(?\s*\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?\s*\)?\s*/;
const NUMBER_BEFORE = /(?<![\w^.,/\-–×])(\d+(?:,\d{2,3})*(?:\.\d+)?)(?![\d.,])/g;

/** Every value (or unreadable mention) of a known analyte on each line of the text. */
export function findCandidates(text: string): Candidate[] {
  return text.normalize('NFKC').split(/\r?\n/).flatMap((line) => readLine(line.replace(/\s+/g, ' ').trim()));
}

function readLine(line: string): Candidate[] {
  const spans = labelSpans(line);
  const found: Candidate[] = [];
  spans.forEach((span, i) => {
    if (!span.analyte) return;
    const after = line.slice(span.end, spans[i + 1]?.start ?? line.length);
    const spec = ANALYTE_SPECS[span.analyte];
    const read = readAfter(after, span.analyte, spec) ?? (i === 0 ? readBefore(line.slice(0, span.start), span.analyte, spec) : undefined);
    if (read) found.push(read);
  });
  return found;
}

function labelSpans(line: string): Span[] {
  const all: Span[] = MATCHERS.flatMap(({ re, analyte }) => [...line.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, analyte })));
  const kept: Span[] = [];
  for (const span of all.sort((a, b) => b.end - b.start - (a.end - a.start))) {
    if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
  }
  kept.sort((a, b) => a.start - b.start);
  // "ALT (SGPT)": two names of one analyte side by side are one label.
  return kept.reduce<Span[]>((merged, span) => {
    const last = merged[merged.length - 1];
    if (last?.analyte && last.analyte === span.analyte && /^[\s(),/:-]*$/.test(line.slice(last.end, span.start))) last.end = span.end;
    else merged.push({ ...span });
    return merged;
  }, []);
}

function readAfter(after: string, analyte: AnalyteId, spec: AnalyteSpec): Candidate | undefined {
  const rest = after.replace(FILLER, '');
  const m = VALUE_FIRST.exec(rest);
  if (!m) return undefined;
  if (m[1]) return { analyte, reason: 'not-exact' };
  const tail = rest.slice(m[0].length);
  const unit = leadingUnit(tail, spec) ?? leadingUnit(tail.replace(RANGE, ''), spec);
  return unit ? { analyte, value: toNumber(m[2]), ...unit } : { analyte, reason: 'unknown-unit' };
}

function readBefore(before: string, analyte: AnalyteId, spec: AnalyteSpec): Candidate | undefined {
  for (const m of [...before.matchAll(NUMBER_BEFORE)].reverse()) {
    const unitText = before.slice(m.index + m[0].length).replace(/[\s:\-–]+$/, '').trim();
    const unitKey = normaliseUnit(unitText);
    if (unitText && spec.units[unitKey]) return { analyte, value: toNumber(m[1]), unit: unitText, unitKey };
  }
  return undefined;
}

function leadingUnit(text: string, spec: AnalyteSpec): { unit: string; unitKey: string } | undefined {
  const tokens = text.trim().split(' ').filter(Boolean).slice(0, 4);
  for (let n = tokens.length; n >= 1; n--) {
    const unit = tokens.slice(0, n).join(' ');
    const unitKey = normaliseUnit(unit);
    if (spec.units[unitKey]) return { unit, unitKey };
  }
  return undefined;
}

const toNumber = (printed: string) => Number(printed.replace(/,/g, ''));
