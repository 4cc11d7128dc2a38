/**
 * A table as CSV (RFC 4180: CRLF lines, fields quoted when they hold a comma, quote or line
 * break). A text cell starting with = + - @ (or a tab or carriage return) is prefixed with ' so a
 * spreadsheet shows it as text instead of running it as a formula; numbers stay numbers.
 */
import type { Cell } from './reports/report';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(cell: Cell): string {
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: string[], rows: Cell[][]): string {
  return [columns, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
