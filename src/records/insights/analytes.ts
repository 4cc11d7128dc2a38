import type { AnalyteId } from './types';

// How each analyte is named on real reports, and the units it comes in. Unit keys are normalised by
// units.ts (lower case, no spaces, µ -> u, cumm/mm3 -> ul, ×10³ -> 10^3). `factor` (and `offset`)
// turn a value in that unit into the canonical unit of reference-ranges.ts.

export interface UnitRule { factor: number; offset?: number }
export interface AnalyteSpec { name: string; labels: RegExp[]; units: Record<string, UnitRule> }

const same: UnitRule = { factor: 1 };
const count = { '10^3/ul': same, '10^9/l': same, 'k/ul': same, 'thou/ul': same, '/ul': { factor: 0.001 }, 'cells/ul': { factor: 0.001 } };
const lipid = { 'mg/dl': same, 'mmol/l': { factor: 38.67 } };
const mmol = { 'mmol/l': same, 'meq/l': same };

export const ANALYTE_SPECS: Record<AnalyteId, AnalyteSpec> = {
  haemoglobin: { name: 'Haemoglobin', labels: [/\bhae?moglobin\b/i, /\b(?:Hb|HB|Hgb|HGB)\b/], units: { 'g/dl': same, 'gm/dl': same, 'gm%': same, 'g%': same, 'g/l': { factor: 0.1 } } },
  wbc: { name: 'White blood cells', labels: [/\b(?:total\s+)?(?:wbc|white\s+blood\s+cells?|white\s+cell)(?:\s+count)?\b/i, /\b(?:total\s+)?leu[ck]ocytes?(?:\s+count)?\b/i, /\bTLC\b/], units: count },
  platelets: { name: 'Platelets', labels: [/\bplatelets?(?:\s+count)?\b/i, /\bPLT\b/, /\bthrombocytes?\b/i], units: { ...count, 'lakhs/ul': { factor: 100 }, 'lakh/ul': { factor: 100 }, 'lacs/ul': { factor: 100 } } },
  fastingGlucose: { name: 'Fasting blood sugar', labels: [/\bfasting\s+(?:blood\s+|plasma\s+|serum\s+)?(?:glucose|sugar)\b/i, /\b(?:blood\s+|plasma\s+)?(?:glucose|sugar)\s*[,(-]?\s*\(?fasting\)?/i, /\b(?:FBS|FPG|FBG)\b/], units: { 'mg/dl': same, 'mmol/l': { factor: 18.016 } } },
  randomGlucose: { name: 'Random blood sugar', labels: [/\brandom\s+(?:blood\s+|plasma\s+)?(?:glucose|sugar)\b/i, /\b(?:blood\s+|plasma\s+)?(?:glucose|sugar)\s*[,(-]?\s*\(?random\)?/i, /\b(?:RBS|RPG)\b/], units: { 'mg/dl': same, 'mmol/l': { factor: 18.016 } } },
  hba1c: { name: 'HbA1c (average blood sugar over 3 months)', labels: [/\bHb\s?A1c\b/i, /\bA1c\b/i, /\bglyc(?:ated|osylated)\s+hae?moglobin\b/i], units: { '%': same, 'mmol/mol': { factor: 0.09148, offset: 2.152 } } },
  totalCholesterol: { name: 'Total cholesterol', labels: [/\b(?:total\s+|serum\s+)?cholesterol(?:\s*,?\s*total)?\b/i], units: lipid },
  ldl: { name: 'LDL ("bad") cholesterol', labels: [/\bLDL(?:\s*-?\s*(?:cholesterol|C)\b)?(?:\s*,?\s*direct)?/i, /\blow[\s-]density\s+lipoprotein(?:\s+cholesterol)?\b/i], units: lipid },
  hdl: { name: 'HDL ("good") cholesterol', labels: [/\bHDL(?:\s*-?\s*(?:cholesterol|C)\b)?/i, /\bhigh[\s-]density\s+lipoprotein(?:\s+cholesterol)?\b/i], units: lipid },
  triglycerides: { name: 'Triglycerides', labels: [/\b(?:serum\s+)?triglycerides?\b/i, /\bTG\b/], units: { 'mg/dl': same, 'mmol/l': { factor: 88.57 } } },
  creatinine: { name: 'Creatinine (kidney function)', labels: [/\b(?:serum\s+|s\.\s*)?creatinine\b/i], units: { 'mg/dl': same, 'umol/l': { factor: 1 / 88.4 } } },
  urea: { name: 'Urea (kidney function)', labels: [/\b(?:blood\s+|serum\s+|s\.\s*)?urea\b/i], units: { 'mmol/l': same, 'mg/dl': { factor: 1 / 6.006 } } },
  alt: { name: 'ALT (liver enzyme)', labels: [/\bALT\b/, /\bSGPT\b/i, /\balanine\s+(?:amino)?transaminase\b/i, /\balanine\s+aminotransferase\b/i], units: { 'u/l': same, 'iu/l': same } },
  ast: { name: 'AST (liver enzyme)', labels: [/\bAST\b/, /\bSGOT\b/i, /\baspartate\s+(?:amino)?transaminase\b/i, /\baspartate\s+aminotransferase\b/i], units: { 'u/l': same, 'iu/l': same } },
  tsh: { name: 'TSH (thyroid)', labels: [/\bTSH\b/, /\bthyroid[\s-]+stimulating\s+hormone\b/i, /\bthyrotropin\b/i], units: { 'miu/l': same, 'uiu/ml': same, 'mu/l': same, 'uu/ml': same } },
  vitaminD: { name: 'Vitamin D', labels: [/\b(?:25\s*-?\s*(?:\(OH\)|OH|hydroxy)\s*)?vit(?:amin|\.)?\s*D3?\b(?:\s*,?\s*25\s*-?\s*(?:\(OH\)|OH|hydroxy))?/i, /\b25\s*\(OH\)\s*D\b/i], units: { 'ng/ml': same, 'ug/l': same, 'nmol/l': { factor: 0.4006 } } },
  vitaminB12: { name: 'Vitamin B12', labels: [/\b(?:vit(?:amin|\.)?\s*)?B\s?12\b/i, /\b(?:cyano)?cobalamin\b/i], units: { 'pg/ml': same, 'ng/l': same, 'pmol/l': { factor: 1.355 } } },
  sodium: { name: 'Sodium', labels: [/\b(?:serum\s+|s\.\s*)?sodium\b/i, /^Na\+?(?![\w/])/, /\(Na\+?\)/], units: mmol },
  potassium: { name: 'Potassium', labels: [/\b(?:serum\s+|s\.\s*)?potassium\b/i, /^K\+?(?![\w/])/, /\(K\+?\)/], units: mmol },
};

// Names that contain an analyte's name but are other tests: matched first, and what they cover is
// never read as an analyte (the longest match on a line wins).
export const OTHER_TESTS: RegExp[] = [
  /\bmean\s+(?:corpuscular|cell)\s+hae?moglobin(?:\s+concentration)?\b/i,
  /\bnon[\s-]*HDL(?:\s*-?\s*(?:cholesterol|C)\b)?/i,
  /\bVLDL(?:\s*-?\s*(?:cholesterol|C)\b)?/i,
  /\b(?:blood\s+)?urea\s+nitrogen\b/i,
  /\bcreatinine\s+clearance\b/i,
  /\burine\s+\w+\b/i,
  /\bmean\s+platelet\s+volume\b/i,
  /\bplatelet\s+distribution\s+width\b/i,
  /\b[\w.]+\s*\/\s*[\w.]+(?:\s+cholesterol)?\s+ratio\b/i,
  /\b1\s*,\s*25\s*-?\s*(?:\(OH\)2|dihydroxy)\s*vit(?:amin|\.)?\s*D\b/i,
  /\bestimated\s+average\s+glucose\b/i,
];
