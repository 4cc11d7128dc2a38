/** Admin rules for accounts: finding, viewing and (de)activating users. */
import type { Deps } from '../../deps';
import { getHospital, getSpecialty, specialtyOfferedCheck } from '../../directory';
import { BadRequestError, ConflictError, NotFoundError } from '../../platform/http/errors';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { getUserById, searchPrefix, searchUsers, stageUserChange, type Page, type SearchKind, type User } from '../../users';
import type { UserSearchInput } from './schemas';

type Ctx = Pick<Deps, 'db' | 'config'>;

export async function requireUser(ctx: Pick<Deps, 'db'>, userId: string): Promise<User> {
  const user = await getUserById(ctx.db, userId);
  if (!user) throw new NotFoundError('There is no user with that id.');
  return user;
}

/** A page of search results; `empty` when the text holds nothing to search by (only spaces, or no digits for a number). */
export async function findUsers(ctx: Ctx, input: UserSearchInput): Promise<{ page: Page<User>; kind: SearchKind; empty: boolean }> {
  const kind = input.by ?? guessKind(input.q);
  const search = { kind, text: input.q, role: input.role, defaultCountry: ctx.config.defaultCountry };
  if (!searchPrefix(search)) return { page: { items: [] }, kind, empty: true };
  return { page: await searchUsers(ctx.db, search, input.cursor), kind, empty: false };
}

/** What a search box's text most likely is: an @ makes it an e-mail, only digits and phone punctuation a number. */
export function guessKind(text: string): SearchKind {
  if (text.includes('@')) return 'email';
  return /^[+\d\s().-]+$/.test(text) && /\d/.test(text) ? 'phone' : 'name';
}

/** Account facts for the admin's user page: the doctor's practice by name. Never health, address or birth details. */
export async function accountFacts(ctx: Pick<Deps, 'db'>, user: User) {
  if (!user.doctor) return { user };
  const [specialty, hospital] = await Promise.all([getSpecialty(ctx.db, user.doctor.specialty), getHospital(ctx.db, user.doctor.hospitalId)]);
  // Not `hospitalName`: every page's header reads that from app.locals.
  return { user, specialtyName: specialty?.name ?? user.doctor.specialty, practiceHospital: hospital?.name ?? user.doctor.hospitalId };
}

export const RETIRED_SPECIALTY = 'This doctor’s specialty has been retired. Restore the specialty first.';

/**
 * Deactivating bumps the session epoch, which ends every session of the user at its next request.
 * Reactivating an approved doctor commits only while their specialty is offered (not retired).
 */
export async function setAccountActive(ctx: Pick<Deps, 'db'>, actor: Pick<User, 'id'>, userId: string, active: boolean): Promise<User> {
  if (actor.id === userId) throw new BadRequestError('You cannot deactivate your own account.');
  const user = await requireUser(ctx, userId);
  const status = active ? 'active' : 'inactive';
  if (user.status === status) return user;
  const work = new UnitOfWork(ctx.db);
  const saved = stageUserChange(work, user, { status, sessionEpoch: active ? user.sessionEpoch : user.sessionEpoch + 1 });
  if (active && user.doctor?.approval === 'approved') work.stage(specialtyOfferedCheck(ctx.db, user.doctor.specialty), () => new ConflictError(RETIRED_SPECIALTY));
  await work.commit();
  return saved;
}
