/**
 * The medicine rows of the completion form. A row's inputs are named by field and row number
 * (drug_1, strength_1, dose_1 ... drug_2 ...); the form shows as many rows as were sent (at least one, at most
 * MAX_PRESCRIPTION_ROWS). Without JavaScript, "Add another medicine" and each row's "Remove" are
 * submit buttons named `rows` (value `add`, `remove-<n>`): the form comes back with the rows changed
 * and everything typed kept. public/js/prescription.js does the same in the page.
 */
export const MAX_PRESCRIPTION_ROWS = 20;
export const LINE_FIELDS = ['drug', 'strength', 'dose', 'frequency', 'duration', 'instructions'] as const;

const ROW_INPUT = new RegExp(`^(${LINE_FIELDS.join('|')})_([1-9][0-9]{0,5})$`);

/** The row number an input name carries, or undefined for other fields. */
export function rowOfInput(name: string): number | undefined {
  const match = ROW_INPUT.exec(name);
  return match ? Number(match[2]) : undefined;
}

/** How many rows to show for these values: the highest row sent, within 1 and the maximum. */
export function rowCount(values: Record<string, unknown>): number {
  const rows = Object.keys(values).map((name) => rowOfInput(name) ?? 0);
  return Math.min(MAX_PRESCRIPTION_ROWS, Math.max(1, ...rows));
}

/** A row's fields as typed ('' for one not sent). */
export function rowValues(body: Record<string, unknown>, row: number): Record<(typeof LINE_FIELDS)[number], string> {
  const value = (field: string) => body[`${field}_${row}`];
  return Object.fromEntries(LINE_FIELDS.map((field) => [field, typeof value(field) === 'string' ? (value(field) as string) : ''])) as Record<(typeof LINE_FIELDS)[number], string>;
}

export interface RowChange {
  values: Record<string, string>;
  rows: number;
}

/**
 * When the form was sent by "Add another medicine" or a row's "Remove": the values to show again
 * with the rows changed (rows after a removed one move up). Undefined for any other submission.
 */
export function rowChange(values: Record<string, string>): RowChange | undefined {
  const action = values.rows;
  const current = rowCount(values);
  if (action === 'add') return { values, rows: Math.min(MAX_PRESCRIPTION_ROWS, current + 1) };
  const removed = /^remove-([1-9][0-9]?)$/.exec(action ?? '');
  if (!removed) return undefined;
  const gone = Number(removed[1]);
  const kept: Record<string, string> = Object.fromEntries(Object.entries(values).filter(([name]) => rowOfInput(name) === undefined));
  let row = 0;
  for (let from = 1; from <= current; from++) {
    if (from === gone) continue;
    row += 1;
    for (const [field, value] of Object.entries(rowValues(values, from))) kept[`${field}_${row}`] = value;
  }
  return { values: kept, rows: Math.max(1, row) };
}
