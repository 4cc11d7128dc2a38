/** The range form's rules, how a range is read (days or whole weeks), and CSV that is safe to open. */
import { csvCell, toCsv } from '../../../src/analytics/csv';
import { rangeSchema, resolveRange } from '../../../src/analytics/range';

const TODAY = '2026-03-31';
const parse = (input: Record<string, string>) => rangeSchema(TODAY).safeParse(input);
const messageOf = (input: Record<string, string>) => {
  const result = parse(input);
  return result.success ? undefined : Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe('the date range', () => {
  it('defaults to the last 30 days to today', () => {
    expect(parse({}).data).toMatchObject({ from: '2026-03-02', to: TODAY });
    expect(parse({ from: '', to: '2026-03-10' }).data).toMatchObject({ from: '2026-02-09', to: '2026-03-10' });
  });

  it('refuses bad dates, reversed ranges, the future and more than 366 days, with the field to fix', () => {
    expect(messageOf({ from: '2026-02-30' })).toEqual({ from: 'Enter a date like 2026-03-31' });
    expect(messageOf({ from: 'yesterday' })).toEqual({ from: 'Enter a date like 2026-03-31' });
    expect(messageOf({ from: '2026-03-10', to: '2026-03-09' })).toEqual({ to: 'The end date must be on or after the start date' });
    expect(messageOf({ to: '2026-04-01' })).toEqual({ to: 'The end date cannot be after today' });
    expect(messageOf({ from: '2025-03-30', to: TODAY })).toEqual({ from: 'Choose at most 366 days (a year); this range has 367' });
    expect(parse({ from: '2025-03-31', to: TODAY }).success).toBe(true);
    expect(messageOf({ format: 'xlsx' })).toEqual({ format: 'Choose a format from the list' });
  });

  it('reads up to 60 days day by day, longer ranges by whole weeks, never more than 60 items', () => {
    const days = resolveRange({ from: '2026-02-01', to: TODAY });
    expect(days).toMatchObject({ period: 'day', readFrom: '2026-02-01', readTo: TODAY });
    expect(days.starts).toHaveLength(59);
    // 2025-03-31 is a Monday; 2026-03-31 a Tuesday, in the week of Monday 2026-03-30.
    const year = resolveRange({ from: '2025-03-31', to: TODAY });
    expect(year).toMatchObject({ period: 'week', readFrom: '2025-03-31', readTo: '2026-03-30' });
    expect(year.starts).toHaveLength(53);
    const worst = resolveRange({ from: '2025-04-06', to: '2026-04-06' });
    expect(worst.starts.length).toBeLessThanOrEqual(60);
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and keeps numbers', () => {
    expect(toCsv(['Doctor', 'Visits'], [['Rao, Ananya', 3], ['Say "hi"\nthen', 0]])).toBe('Doctor,Visits\r\n"Rao, Ananya",3\r\n"Say ""hi""\nthen",0\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx'].map(csvCell)).toEqual(["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tx"]);
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvCell(-2)).toBe('-2');
  });
});
