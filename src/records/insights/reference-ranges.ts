import type { AnalyteId } from './types';

// Adult reference ranges, shipped as data with where each came from. Labs differ (method, population),
// so the page always says to check with a doctor. Each range is in the analyte's canonical unit
// (see analytes.ts); `low`/`high` absent means the source gives no limit on that side.
// Transcribed from the named sources; a clinician should review this table before release.

export interface Bounds { low?: number; high?: number }
export interface RangeEntry {
  unit: string;
  ranges: { any: Bounds } | { female: Bounds; male: Bounds };
  /** Values outside this are misreadings, not results: they are reported as "could not read". */
  plausible: { min: number; max: number };
  source: { name: string; url: string };
}

const MEDLINEPLUS = (page: string, id: string) => ({ name: `MedlinePlus (U.S. National Library of Medicine): ${page}`, url: `https://medlineplus.gov/ency/article/${id}.htm` });
const ADA = { name: 'American Diabetes Association, Standards of Care in Diabetes (2024), section 2', url: 'https://diabetesjournals.org/care/article/47/Supplement_1/S20/153954' };
const ATP3 = { name: 'NCEP Adult Treatment Panel III (2002), cholesterol and triglyceride classification', url: 'https://www.nhlbi.nih.gov/files/docs/guidelines/atp3xsum.pdf' };
const MAYO_LIVER = { name: 'Mayo Clinic: Liver function tests', url: 'https://www.mayoclinic.org/tests-procedures/liver-function-tests/about/pac-20394595' };

export const REFERENCE_RANGES: Record<AnalyteId, RangeEntry> = {
  haemoglobin: { unit: 'g/dL', ranges: { female: { low: 12.1, high: 15.1 }, male: { low: 13.8, high: 17.2 } }, plausible: { min: 2, max: 25 }, source: MEDLINEPLUS('Hemoglobin', '003645') },
  wbc: { unit: '×10³/µL', ranges: { any: { low: 4.5, high: 11.0 } }, plausible: { min: 0.1, max: 500 }, source: MEDLINEPLUS('WBC count', '003643') },
  platelets: { unit: '×10³/µL', ranges: { any: { low: 150, high: 400 } }, plausible: { min: 1, max: 2000 }, source: MEDLINEPLUS('Platelet count', '003647') },
  fastingGlucose: { unit: 'mg/dL', ranges: { any: { low: 70, high: 99 } }, plausible: { min: 10, max: 1500 }, source: ADA },
  randomGlucose: { unit: 'mg/dL', ranges: { any: { low: 70, high: 139 } }, plausible: { min: 10, max: 1500 }, source: ADA },
  hba1c: { unit: '%', ranges: { any: { high: 5.6 } }, plausible: { min: 3, max: 20 }, source: ADA },
  totalCholesterol: { unit: 'mg/dL', ranges: { any: { high: 199 } }, plausible: { min: 30, max: 1000 }, source: ATP3 },
  ldl: { unit: 'mg/dL', ranges: { any: { high: 99 } }, plausible: { min: 5, max: 800 }, source: ATP3 },
  hdl: { unit: 'mg/dL', ranges: { female: { low: 50 }, male: { low: 40 } }, plausible: { min: 3, max: 200 }, source: ATP3 },
  triglycerides: { unit: 'mg/dL', ranges: { any: { high: 149 } }, plausible: { min: 10, max: 10000 }, source: ATP3 },
  creatinine: { unit: 'mg/dL', ranges: { female: { low: 0.59, high: 1.04 }, male: { low: 0.74, high: 1.35 } }, plausible: { min: 0.1, max: 30 }, source: MEDLINEPLUS('Creatinine blood test', '003475') },
  urea: { unit: 'mmol/L', ranges: { any: { low: 2.5, high: 7.8 } }, plausible: { min: 0.5, max: 100 }, source: { name: 'Pathology Harmony (UK) harmonised adult reference ranges', url: 'https://www.pathologyharmony.co.uk/' } },
  alt: { unit: 'U/L', ranges: { any: { low: 7, high: 55 } }, plausible: { min: 1, max: 10000 }, source: MAYO_LIVER },
  ast: { unit: 'U/L', ranges: { any: { low: 8, high: 48 } }, plausible: { min: 1, max: 10000 }, source: MAYO_LIVER },
  tsh: { unit: 'mIU/L', ranges: { any: { low: 0.5, high: 5.0 } }, plausible: { min: 0.001, max: 500 }, source: MEDLINEPLUS('TSH test', '003684') },
  vitaminD: { unit: 'ng/mL', ranges: { any: { low: 30, high: 100 } }, plausible: { min: 2, max: 300 }, source: { name: 'Endocrine Society Clinical Practice Guideline on vitamin D deficiency (Holick et al., 2011)', url: 'https://doi.org/10.1210/jc.2011-0385' } },
  vitaminB12: { unit: 'pg/mL', ranges: { any: { low: 160, high: 950 } }, plausible: { min: 20, max: 10000 }, source: MEDLINEPLUS('Vitamin B12 level', '003705') },
  sodium: { unit: 'mmol/L', ranges: { any: { low: 135, high: 145 } }, plausible: { min: 90, max: 200 }, source: MEDLINEPLUS('Sodium blood test', '003481') },
  potassium: { unit: 'mmol/L', ranges: { any: { low: 3.7, high: 5.2 } }, plausible: { min: 1, max: 10 }, source: MEDLINEPLUS('Potassium test', '003484') },
};
