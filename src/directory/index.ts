/** Hospitals and specialties: the door other features use. */
import { ValidationError } from '../platform/http/errors';

export * from './types';
export * from './repository';
export { updateHospital, updateSpecialty, stageSpecialtyChange, specialtyOfferedCheck, CHANGED_MEANWHILE, type HospitalChanges, type SpecialtyChanges } from './changes';

/**
 * A readable id from a name: "Heart & Lung Care" -> "heart-and-lung-care", "Clínica" -> "clinica"
 * (compatibility forms and accents folded first). May be empty: use `keyForName` for a key.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const NAME_WITHOUT_KEY = 'The name must contain letters or digits (A–Z or 0–9)';

/** The slug a named item is stored under; a name with nothing left for it is refused, never an empty key. */
export function keyForName(name: string): string {
  const key = slugify(name);
  if (!key) throw new ValidationError({ name: NAME_WITHOUT_KEY });
  return key;
}
