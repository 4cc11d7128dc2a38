import { ANALYTE_SPECS, type UnitRule } from './analytes';
import type { Candidate } from './find-values';
import { REFERENCE_RANGES, type Bounds, type RangeEntry } from './reference-ranges';
import type { AnalyteId, AnalyteResult, Flag, Sex } from './types';
import { formatNumber } from './units';

type Read = Extract<Candidate, { value: number }>;

/** One result per analyte found: flagged against its range, or "could not read" when in any doubt. */
export function resultFor(analyte: AnalyteId, candidates: Candidate[], sex: Sex | undefined): AnalyteResult {
  const name = ANALYTE_SPECS[analyte].name;
  const entry = REFERENCE_RANGES[analyte];
  const checked = candidates.map((c) => ('value' in c && !isPlausible(c, entry) ? { analyte, reason: 'implausible' as const } : c));
  const reads = checked.filter((c): c is Read => 'value' in c);
  if (reads.length === 0) {
    const first = checked.find((c) => 'reason' in c);
    return { status: 'could-not-read', analyte, name, reason: first && 'reason' in first ? first.reason : 'unknown-unit' };
  }
  const canonical = reads.map((r) => toCanonical(r));
  if (canonical.some((v) => Math.abs(v - canonical[0]) > Math.abs(canonical[0]) * 0.02)) {
    return { status: 'could-not-read', analyte, name, reason: 'conflicting-values' };
  }
  const [read] = reads;
  const bounds = boundsFor(entry, sex);
  return {
    status: 'flagged', analyte, name, value: read.value, unit: read.unit,
    flag: flagOf(canonical[0], bounds), range: rangeText(entry, sex, rule(read), read.unit), source: entry.source,
  };
}

const rule = (read: Read): UnitRule => ANALYTE_SPECS[read.analyte].units[read.unitKey];
const toCanonical = (read: Read) => read.value * rule(read).factor + (rule(read).offset ?? 0);
const fromCanonical = (value: number, unit: UnitRule) => (value - (unit.offset ?? 0)) / unit.factor;

function isPlausible(read: Read, entry: RangeEntry): boolean {
  const value = toCanonical(read);
  return Number.isFinite(value) && value >= entry.plausible.min && value <= entry.plausible.max;
}

function boundsFor(entry: RangeEntry, sex: Sex | undefined): Bounds {
  const r = entry.ranges;
  if ('any' in r) return r.any;
  if (sex === 'female' || sex === 'male') return r[sex];
  // Sex not known: flag only what lies outside both ranges.
  const pick = (a: number | undefined, b: number | undefined, f: (x: number, y: number) => number) => (a === undefined || b === undefined ? undefined : f(a, b));
  return { low: pick(r.female.low, r.male.low, Math.min), high: pick(r.female.high, r.male.high, Math.max) };
}

function flagOf(value: number, bounds: Bounds): Flag {
  if (bounds.low !== undefined && value < bounds.low) return 'low';
  if (bounds.high !== undefined && value > bounds.high) return 'high';
  return 'normal';
}

function rangeText(entry: RangeEntry, sex: Sex | undefined, unit: UnitRule, unitLabel: string): string {
  const show = (b: Bounds, who: string) => boundsText(b, unit, unitLabel) + who;
  const r = entry.ranges;
  if ('any' in r) return show(r.any, '');
  if (sex === 'female' || sex === 'male') return show(r[sex], sex === 'female' ? ' for women' : ' for men');
  return `${show(r.female, ' for women')}, ${show(r.male, ' for men')}`;
}

function boundsText(b: Bounds, unit: UnitRule, label: string): string {
  const n = (v: number) => formatNumber(fromCanonical(v, unit));
  if (b.low !== undefined && b.high !== undefined) return `${n(b.low)}–${n(b.high)} ${label}`;
  if (b.high !== undefined) return `up to ${n(b.high)} ${label}`;
  return `${n(b.low ?? 0)} ${label} or more`;
}
