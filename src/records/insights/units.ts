/** A unit as printed ("x10³/µL", "lakhs/cumm", "mEq/L") in the one spelling analytes.ts lists. */
export function normaliseUnit(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[µμ]/g, 'u')
    .replace(/^[x×*]/, '')
    .replace(/^10(?:\^|\*\*?|e)?([39])(?=\/)/, '10^$1')
    .replace(/\/(?:cu\.?mm|cmm|mm3|mm\^3)$/, '/ul')
    .replace(/^thousands?\//, 'thou/')
    .replace(/^cells?\//, 'cells/');
}

/** A number the way a person reads it, in the precision of the data (3 significant figures). */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-GB', { maximumSignificantDigits: 3 });
}
