/** Hospitals and specialties: the door other features use. */
export * from './types';
export * from './repository';

/** A readable id from a name: "Heart & Lung Care" -> "heart-and-lung-care". */
export function slugify(name: string): string {
  return name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
