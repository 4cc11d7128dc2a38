/** The analytes a lab report is read for. */
export const ANALYTES = [
  'haemoglobin', 'wbc', 'platelets', 'fastingGlucose', 'randomGlucose', 'hba1c', 'totalCholesterol', 'ldl', 'hdl',
  'triglycerides', 'creatinine', 'urea', 'alt', 'ast', 'tsh', 'vitaminD', 'vitaminB12', 'sodium', 'potassium',
] as const;
export type AnalyteId = (typeof ANALYTES)[number];

export type Sex = 'female' | 'male' | 'other' | 'undisclosed';
export type Flag = 'low' | 'normal' | 'high';

/** A value found on the report, checked against the shipped range. */
export interface FlaggedResult {
  status: 'flagged';
  analyte: AnalyteId;
  name: string;
  value: number;
  unit: string;
  flag: Flag;
  range: string;
  source: { name: string; url: string };
}

/** The report names the analyte beside a number we will not trust (unknown unit, implausible, or two values). */
export interface UnreadResult {
  status: 'could-not-read';
  analyte: AnalyteId;
  name: string;
  reason: 'unknown-unit' | 'implausible' | 'not-exact' | 'conflicting-values';
}

export type AnalyteResult = FlaggedResult | UnreadResult;

export const HEADLINE = 'Automated reading of your report: check with your doctor';

export type LabReading =
  | { kind: 'read'; headline: typeof HEADLINE; results: AnalyteResult[] }
  /** A PDF without a text layer (a scanned image): nothing can be read, nothing is made up. */
  | { kind: 'no-text' }
  | { kind: 'unreadable'; reason: 'encrypted' | 'invalid' | 'too-large' | 'timeout' };
