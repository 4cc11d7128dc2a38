/**
 * Renaming, retiring and restoring specialties. The slug never changes, so doctors, visits and
 * counters keep pointing at it. A retired specialty is not offered for booking or registration.
 *
 * Retiring is refused while an approved, active doctor practises it. The check cannot be one
 * condition (the doctors are other items, found through the eventually consistent bySpecialty
 * index), so retiring goes in two steps: the specialty is marked retired first (under its version),
 * and from then on approving or reactivating a doctor in it fails its ConditionCheck on the
 * specialty; then the index is read, and if a doctor is there the mark is taken back. What is left
 * open: a doctor approved a moment before the mark whose index entry has not arrived yet (the
 * index lags by well under a second). A per-specialty count of active doctors, kept in the users'
 * transactions, would close it; see the admin README.
 */
import type { Deps } from '../../deps';
import { getSpecialty, listSpecialties, updateSpecialty, type Specialty } from '../../directory';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors';
import { fullName, listBookableDoctorsBySpecialty } from '../../users';
import type { RenameSpecialtyInput } from './schemas';

type Ctx = Pick<Deps, 'db'>;

const ALREADY_RETIRED = 'This specialty is already retired.';
const NOT_RETIRED = 'This specialty is not retired: patients can book it.';

export async function requireSpecialty(ctx: Ctx, slug: string): Promise<Specialty> {
  const specialty = await getSpecialty(ctx.db, slug);
  if (!specialty) throw new NotFoundError('There is no specialty with that id.');
  return specialty;
}

/** Changes the name patients and doctors read; another specialty's name is refused. */
export async function renameSpecialty(ctx: Ctx, slug: string, input: RenameSpecialtyInput): Promise<Specialty> {
  const [specialty, all] = await Promise.all([requireSpecialty(ctx, slug), listSpecialties(ctx.db)]);
  const same = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;
  if (all.some((s) => s.slug !== slug && same(s.name, input.name))) throw new ValidationError({ name: 'Another specialty already has this name' });
  const version = await updateSpecialty(ctx.db, slug, input.version, { name: input.name, description: input.description });
  return { ...specialty, name: input.name, description: input.description, version };
}

/** Retires the specialty unless an approved, active doctor practises it (see the file's comment). */
export async function retireSpecialty(ctx: Ctx, slug: string, readVersion: number, now = new Date()): Promise<Specialty> {
  const specialty = await requireSpecialty(ctx, slug);
  if (specialty.retiredAt) throw new ConflictError(ALREADY_RETIRED, { form: ALREADY_RETIRED });
  const fenced = await updateSpecialty(ctx.db, slug, readVersion, { retiredAt: now.toISOString() });
  const doctors = await listBookableDoctorsBySpecialty(ctx.db, slug, undefined);
  if (doctors.items.length) {
    await updateSpecialty(ctx.db, slug, fenced, { retiredAt: undefined });
    const message = stillPractised(specialty, doctors.items.map((d) => `Dr ${fullName(d)}`), Boolean(doctors.cursor));
    throw new ConflictError(message, { form: message });
  }
  return { ...specialty, retiredAt: now.toISOString(), version: fenced };
}

function stillPractised(specialty: Specialty, names: string[], more: boolean): string {
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 || more ? ' and others' : '');
  return `${specialty.name} cannot be retired while active doctors still practise it (${shown}). Deactivate their accounts first.`;
}

/** Offers a retired specialty again. */
export async function restoreSpecialty(ctx: Ctx, slug: string, readVersion: number): Promise<Specialty> {
  const specialty = await requireSpecialty(ctx, slug);
  if (!specialty.retiredAt) throw new ConflictError(NOT_RETIRED, { form: NOT_RETIRED });
  const version = await updateSpecialty(ctx.db, slug, readVersion, { retiredAt: undefined });
  return { ...specialty, retiredAt: undefined, version };
}
