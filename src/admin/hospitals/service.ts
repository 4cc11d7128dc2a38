/** Editing a hospital's details: checked against the specialties, saved on the version the admin saw. */
import type { Deps } from '../../deps';
import { getHospital, listSpecialties, updateHospital, type Hospital } from '../../directory';
import { NotFoundError, ValidationError } from '../../platform/http/errors';
import type { HospitalEditInput } from './schemas';

export async function requireHospital(ctx: Pick<Deps, 'db'>, id: string): Promise<Hospital> {
  const hospital = await getHospital(ctx.db, id);
  if (!hospital) throw new NotFoundError('There is no hospital with that id.');
  return hospital;
}

/**
 * Saves the edit; a department must be a known specialty (a retired one may stay where it was).
 * Another admin's save since the form was loaded makes this a ConflictError.
 */
export async function editHospital(ctx: Pick<Deps, 'db'>, id: string, input: HospitalEditInput): Promise<Hospital> {
  const [hospital, specialties] = await Promise.all([requireHospital(ctx, id), listSpecialties(ctx.db)]);
  const known = new Set(specialties.filter((s) => !s.retiredAt || hospital.departments?.includes(s.slug)).map((s) => s.slug));
  if (input.departments.some((slug) => !known.has(slug))) throw new ValidationError({ departments: 'Choose departments from the list' });
  const { version, ...details } = input;
  const departments = [...new Set(input.departments)];
  const next = await updateHospital(ctx.db, id, version, { ...details, departments });
  return { ...hospital, ...details, departments, id, version: next };
}
