/**
 * Proving a mobile number: a 6-digit code by SMS to the number, typed back within 10 minutes.
 * Until then the number is not claimed, logs nobody in and gets no appointment texts.
 */
import { notify } from '../notifications';
import { checkPhoneCode, isPhoneVerified, newPhoneCode, type PhoneCodeCheck, type User } from '../users';
import { phoneCodeNotice } from './notices';
import type { AuthContext } from './service';

export const PHONE_CODE_MINUTES = 10;

/** Texts a new code to the user's number: 'wait' after 3 codes in 15 minutes. */
export async function sendPhoneCode(ctx: AuthContext, user: User): Promise<'sent' | 'wait' | 'verified'> {
  if (isPhoneVerified(user)) return 'verified';
  if (!(await ctx.limits.mayNotify(`phone-code:${user.id}`))) return 'wait';
  const { code, put } = newPhoneCode(ctx.db, user, PHONE_CODE_MINUTES * 60);
  await notify(ctx, [phoneCodeNotice(user, ctx.config.hospitalName, code, PHONE_CODE_MINUTES)], [put]);
  return 'sent';
}

/** Checks the code the user typed; the right one verifies and claims the number. */
export function confirmPhone(ctx: AuthContext, user: User, code: string): Promise<PhoneCodeCheck> {
  return checkPhoneCode(ctx.db, user, code);
}
