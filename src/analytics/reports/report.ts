/** The shape of an analytics page: a chart, its tables (each also a CSV download) and notes. */
export type Cell = string | number;

export interface Table {
  /** The CSV download's name: ?format=csv&table=<id>. */
  id: string;
  caption: string;
  columns: string[];
  rows: Cell[][];
  /** Long detail: shown folded (its CSV is the usual way to read it). */
  folded?: boolean;
  /** Many numeric columns: on a phone it scrolls sideways, its first column kept in view, instead of one card per row. */
  wide?: boolean;
}

export interface Chart {
  type: 'bar' | 'line';
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  stacked?: boolean;
  yTitle: string;
  /** Said to screen readers; the table below holds the same numbers. */
  description: string;
}

export interface Figure {
  label: string;
  value: string;
}

export interface Report {
  summary: Figure[];
  chart: Chart;
  tables: Table[];
  notes: string[];
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const percent = (share: number | undefined): Cell => (share === undefined ? '' : round1(share * 100));

/** A lead time (hours, a bucket's lower bound) as people read it. */
export function leadWords(hours: number | undefined): string {
  if (hours === undefined) return 'no visits';
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${hours} hours`;
  return `${hours / 24} days`;
}
