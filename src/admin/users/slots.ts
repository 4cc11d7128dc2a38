/**
 * What auth adds to the admin's user page: the staff member's two-step sign-in (status, reset) and
 * the account's recent sign-ins (`views/admin/partials/user-mfa.ejs`, `user-sign-ins.ejs`).
 */
import { listSignIns, SIGN_IN_WORDS } from '../../auth';
import type { Deps } from '../../deps';
import type { User } from '../../users';

export async function userPageSlots(deps: Pick<Deps, 'db'>, user: User, signInsCursor: unknown) {
  const page = `/admin/users/${user.id}`;
  return {
    mfa: user.role !== 'patient',
    mfaUser: user,
    back: page,
    signIns: await listSignIns(deps.db, user.id, typeof signInsCursor === 'string' ? signInsCursor : undefined),
    signInWords: SIGN_IN_WORDS,
    signInsPath: page,
  };
}
