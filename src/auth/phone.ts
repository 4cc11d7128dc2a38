/**
 * Proving a mobile number: a 6-digit code by SMS to the number, typed back within 10 minutes.
 * Until then the number is not claimed, logs nobody in and gets no appointment texts.
 */
import { notify } from '../notifications';
import { ConflictError, ValidationError } from '../platform/http/errors';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { checkPhoneCode, isPhoneVerified, stagePhoneCode, type User } from '../users';
import { phoneCodeNotice } from './notices';
import type { AuthContext } from './service';

export const PHONE_CODE_MINUTES = 10;

/** Texts a new code to the user's number: 'wait' after 3 codes in 15 minutes. */
export async function sendPhoneCode(ctx: AuthContext, user: User): Promise<'sent' | 'wait' | 'verified'> {
  if (isPhoneVerified(user)) return 'verified';
  if (!(await ctx.limits.mayNotify(`phone-code:${user.id}`))) return 'wait';
  const work = new UnitOfWork(ctx.db);
  const code = stagePhoneCode(work, user, PHONE_CODE_MINUTES * 60);
  await notify(ctx, [phoneCodeNotice(user, ctx.config.hospitalName, code, PHONE_CODE_MINUTES)], work);
  return 'sent';
}

const EXPIRED = 'This code has expired or has been used up. Ask for a new code.';
const TAKEN = 'This number is already verified on another account. Please contact the hospital.';

/**
 * Checks the code the user typed; the right one verifies and claims the number. A wrong or spent
 * code is a ValidationError on the code, a number someone else proved first a ConflictError.
 */
export async function confirmPhone(ctx: AuthContext, user: User, code: string): Promise<User> {
  const check = await checkPhoneCode(ctx.db, user, code);
  if (check.result === 'verified') return check.user;
  if (check.result === 'taken') throw new ConflictError(TAKEN, { form: TAKEN });
  if (check.result === 'expired') throw new ValidationError({ code: EXPIRED });
  const left = check.guessesLeft;
  throw new ValidationError({ code: `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.` });
}
