/**
 * The vitals chart as data for an inline SVG (views/timeline/_vitals-chart.ejs): one small chart per
 * measurement (blood pressure has two lines), each point with its date and value, and the same
 * readings as a table for screen readers and printing. Geometry only; the view draws it.
 */
import { DateTime } from 'luxon';
import { VITAL_WORDS, type Vitals, type VitalsReading } from '../appointments';

/** The SVG's own units: it scales to the width it is given, so text stays readable at 390 px. */
export const WIDTH = 360;
export const HEIGHT = 170;
const LEFT = 46;
const RIGHT = 14;
const TOP = 14;
const BOTTOM = 30;

export interface ChartPoint {
  x: number;
  y: number;
  date: string;
  value: number;
}

export interface VitalsChart {
  id: string;
  title: string;
  unit: string;
  /** What the chart shows, in words (the SVG's desc). */
  description: string;
  lines: { name: string; points: ChartPoint[]; path: string }[];
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[];
  /** The table fallback: one row per reading. */
  rows: { date: string; values: string[] }[];
}

interface Measure {
  id: string;
  title: string;
  unit: string;
  lines: { name: string; field: keyof Vitals }[];
}

const MEASURES: Measure[] = [
  { id: 'blood-pressure', title: 'Blood pressure', unit: 'mmHg', lines: [{ name: 'Systolic (upper)', field: 'bpSystolic' }, { name: 'Diastolic (lower)', field: 'bpDiastolic' }] },
  ...VITAL_WORDS.filter((word) => word.field !== 'heightCm').map((word) => ({ id: word.field, title: word.label, unit: word.unit, lines: [{ name: word.label, field: word.field }] })),
];

const round = (value: number) => Math.round(value * 10) / 10;

function scaleY(values: number[]): { y: (v: number) => number; ticks: number[] } {
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = Math.max((high - low) * 0.15, Math.abs(high) * 0.02, 1);
  low = Math.floor(low - pad);
  high = Math.ceil(high + pad);
  const y = (v: number) => round(TOP + ((high - v) / (high - low)) * (HEIGHT - TOP - BOTTOM));
  // Whole numbers in the middle too once the range is wide enough to read them.
  const middle = high - low >= 6 ? Math.round((high + low) / 2) : round((high + low) / 2);
  return { y, ticks: [high, middle, low] };
}

function scaleX(times: number[]): (t: number) => number {
  const first = Math.min(...times);
  const last = Math.max(...times);
  const span = WIDTH - LEFT - RIGHT;
  return (t) => round(last === first ? LEFT + span / 2 : LEFT + ((t - first) / (last - first)) * span);
}

function chartOf(measure: Measure, readings: VitalsReading[], zone: string): VitalsChart | undefined {
  const used = readings.filter((r) => measure.lines.some((line) => r.vitals[line.field] !== undefined));
  if (!used.length) return undefined;
  const times = used.map((r) => Date.parse(r.at));
  const values = used.flatMap((r) => measure.lines.map((line) => r.vitals[line.field]).filter((v): v is number => v !== undefined));
  const x = scaleX(times);
  const { y, ticks } = scaleY(values);
  const dateOf = (at: string, format = 'd LLL yyyy') => DateTime.fromISO(at, { zone }).toFormat(format);
  const lines = measure.lines.map((line) => {
    const points = used.flatMap((r) => (r.vitals[line.field] === undefined ? [] : [{ x: x(Date.parse(r.at)), y: y(r.vitals[line.field]!), date: dateOf(r.at), value: r.vitals[line.field]! }]));
    return { name: line.name, points, path: points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ') };
  });
  const first = used[0].at;
  const last = used[used.length - 1].at;
  const xTicks = used.length === 1 ? [{ x: x(times[0]), label: dateOf(first, 'd LLL yy'), anchor: 'middle' as const }] : [
    { x: LEFT, label: dateOf(first, 'd LLL yy'), anchor: 'start' as const },
    { x: WIDTH - RIGHT, label: dateOf(last, 'd LLL yy'), anchor: 'end' as const },
  ];
  const latest = measure.lines.map((line) => used[used.length - 1].vitals[line.field]).filter((v) => v !== undefined).join('/');
  return {
    id: measure.id,
    title: measure.title,
    unit: measure.unit,
    description: `${measure.title} at ${used.length} ${used.length === 1 ? 'visit' : 'visits'}, from ${dateOf(first)} to ${dateOf(last)}. Latest: ${latest} ${measure.unit}.`,
    lines,
    yTicks: ticks.map((tick) => ({ y: y(tick), label: String(tick) })),
    xTicks,
    rows: used.map((r) => ({ date: dateOf(r.at), values: measure.lines.map((line) => (r.vitals[line.field] === undefined ? '—' : String(r.vitals[line.field]))) })),
  };
}

/** One chart per measurement that has readings; readings oldest first. */
export function vitalsCharts(readings: VitalsReading[], zone: string): VitalsChart[] {
  return MEASURES.map((measure) => chartOf(measure, readings, zone)).filter((chart): chart is VitalsChart => Boolean(chart));
}

export const CHART_BOX = { width: WIDTH, height: HEIGHT, left: LEFT, right: RIGHT, top: TOP, bottom: BOTTOM };
