/**
 * What other features add to the admin's user page. The view includes
 * `views/admin/partials/user-mfa.ejs` when `mfa` is set and `views/admin/partials/user-sign-ins.ejs`
 * when `signIns` is set; each partial receives the page's locals (`user`, `csrfToken`, and its own).
 * Staff MFA (status, reset) and sign-in history belong to auth: wire their door here, e.g.
 * `mfa: await mfaStatusFor(deps, user)`, `signIns: await listSignIns(deps.db, user.id)`.
 */
import type { Deps } from '../../deps';
import type { User } from '../../users';

export interface UserPageSlots {
  mfa?: unknown;
  signIns?: unknown;
}

export async function userPageSlots(_deps: Deps, _user: User): Promise<UserPageSlots> {
  return {};
}
