/**
 * Changing the e-mail address or mobile number of a signed-in account. The new one is proven
 * first (a link e-mailed to it, or a code texted to it), and until then the account keeps the
 * old one. The move of the claim, the use of the proof and the notice to the old address or
 * number commit in one transaction (users/contact.ts). Sessions stay as they are.
 */
import { notify } from '../notifications';
import { withRetry } from '../platform/db/retry';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { ConflictError, ValidationError } from '../platform/http/errors';
import { checkPhoneChangeCode, getUserById, readToken, stageEmailMove, stagePhoneCode, stagePhoneMove, stageToken, stageTokenUse, type User } from '../users';
import { emailChangedNotice, emailChangeLinkNotice, phoneChangedNotice, phoneCodeNotice } from './notices';
import { verifyPassword } from './passwords';
import { PHONE_CODE_MINUTES } from './phone';
import type { AuthContext } from './service';

const CHANGE_EMAIL_TTL_SECONDS = 24 * 60 * 60;
const EMAIL_TAKEN = 'That e-mail address now belongs to another account, so your address was not changed.';
const PHONE_TAKEN = 'This number is already verified on another account. Please contact the hospital.';
const CODE_EXPIRED = 'This code has expired or has been used up. Ask for a new code.';

/** The current password, counted like the password-change form's (one lock for both). */
async function checkPassword(ctx: AuthContext, user: User, password: string): Promise<void> {
  await ctx.limits.countGuess(`change:${user.id}`);
  if (!(await verifyPassword(password, user.passwordHash, ctx.config.bcryptCost))) {
    throw new ValidationError({ currentPassword: 'Your current password is not correct' });
  }
  await ctx.limits.clearGuesses(`change:${user.id}`);
}

/** E-mails a link to the new address; 'wait' after 3 in 15 minutes. Whether the address is free is found out on confirming. */
export async function requestEmailChange(ctx: AuthContext, user: User, newEmail: string, currentPassword: string): Promise<'sent' | 'wait'> {
  await checkPassword(ctx, user, currentPassword);
  if (newEmail === user.email.toLowerCase()) throw new ValidationError({ email: 'That is already your e-mail address' });
  if (!(await ctx.limits.mayNotify(`change-email:${user.id}`))) return 'wait';
  const work = new UnitOfWork(ctx.db);
  const token = stageToken(work, 'change-email', user.id, CHANGE_EMAIL_TTL_SECONDS, user.sessionEpoch, newEmail);
  await notify(ctx, [emailChangeLinkNotice(user, newEmail, `${ctx.config.publicUrl}/account/email/confirm?token=${token}`)], work);
  return 'sent';
}

class LinkGoneError extends Error {}

/**
 * Uses a change-e-mail link once: the account moves to the new address and the old one is told.
 * Undefined for a bad, used or expired link, or one issued before the password last changed; a
 * ConflictError when the address was claimed by another account meanwhile. Presses racing on one
 * link can meet as a transaction conflict: the retry reads the link again and finds it used.
 */
export const confirmEmailChange = (ctx: AuthContext, token: string) => withRetry(() => moveEmail(ctx, token));

async function moveEmail(ctx: AuthContext, token: string): Promise<User | undefined> {
  const claim = await readToken(ctx.db, 'change-email', token);
  const user = claim?.newEmail ? await getUserById(ctx.db, claim.userId) : undefined;
  if (!claim?.newEmail || !user || user.status !== 'active' || user.sessionEpoch !== claim.sessionEpoch) return undefined;
  // Already moved: a racing press committed between the two reads above (or a second link to the
  // same address was used). Staging the move again would name one claim twice, which DynamoDB
  // rejects outright instead of failing the token's condition.
  if (user.email.toLowerCase() === claim.newEmail.toLowerCase()) return undefined;
  const work = new UnitOfWork(ctx.db);
  stageTokenUse(work, 'change-email', token, () => new LinkGoneError());
  const moved = stageEmailMove(work, user, claim.newEmail, () => new ConflictError(EMAIL_TAKEN));
  try {
    await notify(ctx, [emailChangedNotice(user, claim.newEmail)], work);
  } catch (error) {
    if (error instanceof LinkGoneError) return undefined;
    throw error;
  }
  return moved;
}

/** Texts a code to the new number (3 codes in 15 minutes, shared with confirming a number); the old one stays until it is typed. */
export async function requestPhoneChange(ctx: AuthContext, user: User, newPhone: string, currentPassword: string): Promise<'sent' | 'wait'> {
  await checkPassword(ctx, user, currentPassword);
  if (newPhone === user.phone) throw new ValidationError({ phone: 'That is already your mobile number' });
  if (!(await ctx.limits.mayNotify(`phone-code:${user.id}`))) return 'wait';
  const work = new UnitOfWork(ctx.db);
  const code = stagePhoneCode(work, { id: user.id, phone: newPhone }, PHONE_CODE_MINUTES * 60, 'change');
  await notify(ctx, [phoneCodeNotice({ id: user.id, phone: newPhone }, ctx.config.hospitalName, code, PHONE_CODE_MINUTES)], work);
  return 'sent';
}

/**
 * Checks the code texted to the new number; the right one moves the number to the account and
 * tells the old one. A transaction conflict with a racing request is retried from the check.
 */
export const confirmPhoneChange = (ctx: AuthContext, user: User, code: string) => withRetry(() => movePhone(ctx, user, code));

async function movePhone(ctx: AuthContext, user: User, code: string): Promise<User> {
  const check = await checkPhoneChangeCode(ctx.db, user, code);
  if (check.result === 'expired') throw new ValidationError({ code: CODE_EXPIRED });
  if (check.result === 'wrong') {
    const left = check.guessesLeft;
    throw new ValidationError({ code: `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.` });
  }
  const work = new UnitOfWork(ctx.db);
  const moved = stagePhoneMove(work, user, check.phone, check.codeHash, {
    codeGone: () => new ValidationError({ code: CODE_EXPIRED }),
    taken: () => new ConflictError(PHONE_TAKEN, { form: PHONE_TAKEN }),
  });
  await notify(ctx, [phoneChangedNotice(user, check.phone, ctx.config.hospitalName)], work);
  return moved;
}
