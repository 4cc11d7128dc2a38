/** An admin removes another staff member's authenticator (a lost phone): they set it up again at their next log-in. */
import { getUserById, type User } from '../../users';
import { BadRequestError, NotFoundError } from '../../platform/http/errors';
import { mfaResetNotice } from './notices';
import { removeFactor, type MfaContext } from './service';

/**
 * Resets the user's two-step sign-in: factor and recovery codes go, every session of theirs ends,
 * and they are told (e-mail and inbox, no secret). Returns undefined when they had none to reset.
 * The caller audits it (admin action).
 */
export async function resetMfa(ctx: Pick<MfaContext, 'db' | 'outbox'>, actor: Pick<User, 'id'>, userId: string): Promise<User | undefined> {
  if (actor.id === userId) throw new BadRequestError('You cannot reset your own two-step sign-in. Another administrator can.');
  const user = await getUserById(ctx.db, userId);
  if (!user) throw new NotFoundError('There is no user with that id.');
  if (!user.mfaEnabledAt) return undefined;
  return removeFactor(ctx, user, [mfaResetNotice(user)]);
}
