/**
 * Renaming, retiring and restoring specialties. The slug never changes, so doctors, visits and
 * counters keep pointing at it. A retired specialty is not offered for booking or registration.
 *
 * Retiring is refused while an approved, active doctor practises it, and that holds under races:
 * the retirement commits in one transaction with a check that the specialty's count of bookable
 * doctors (src/users/bookable.ts) is zero, and every approval or reactivation commits with a check
 * that the specialty is not retired and the ADD to that count. DynamoDB serialises the two, so they
 * cannot both commit. The bySpecialty index is read first only to name the doctors in the refusal,
 * and it also catches doctors an install's counts miss until `npm run backfill-users` has run.
 */
import type { Deps } from '../../deps';
import { getSpecialty, listSpecialties, stageSpecialtyChange, updateSpecialty, type Specialty } from '../../directory';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors';
import { fullName, listBookableDoctorsBySpecialty, stageNoBookableDoctor } from '../../users';
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
  const doctors = await listBookableDoctorsBySpecialty(ctx.db, slug, undefined);
  if (doctors.items.length) {
    const message = stillPractised(specialty, doctors.items.map((d) => `Dr ${fullName(d)}`), Boolean(doctors.cursor));
    throw new ConflictError(message, { form: message });
  }
  const work = new UnitOfWork(ctx.db);
  const version = stageSpecialtyChange(work, slug, readVersion, { retiredAt: now.toISOString() });
  // A doctor approved or reactivated since the index was read (it lags) is counted here.
  const justJoined = `${specialty.name} cannot be retired: a doctor was just approved or reactivated in it. Reload the page to see who.`;
  stageNoBookableDoctor(work, slug, () => new ConflictError(justJoined, { form: justJoined }));
  await work.commit();
  return { ...specialty, retiredAt: now.toISOString(), version };
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
