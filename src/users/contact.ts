/**
 * Moving an account's e-mail address or mobile number. Each is claimed (a unique EMAIL#/PHONE#
 * item), so a move is one transaction: the proof is used up (the e-mailed token, or the texted
 * code), the old claim is deleted, the new one is put only if nobody holds it, and the user is
 * updated under the version it was read with. Either everything moves or nothing does.
 */
import type { UnitOfWork } from '../platform/db/unit-of-work';
import { ConflictError } from '../platform/http/errors';
import { emailKey, phoneCodeKey, phoneKey } from './keys';
import { MAX_CODE_GUESSES } from './phone-codes';
import { ACCOUNT_CHANGED, userUpdate } from './repository';
import { isPhoneVerified, type User } from './types';

type Key = { pk: string; sk: string };

function stageClaimMove(work: UnitOfWork, user: User, from: Key | undefined, to: Key, taken: () => Error): void {
  const table = work.db.tables.users;
  // The old claim must still be this account's: otherwise the account changed under the request.
  if (from) {
    const mine = { ConditionExpression: 'userId = :id', ExpressionAttributeValues: { ':id': user.id } };
    work.stage({ Delete: { TableName: table, Key: from, ...mine } }, () => new ConflictError(ACCOUNT_CHANGED));
  }
  work.stage({ Put: { TableName: table, Item: { ...to, userId: user.id }, ConditionExpression: 'attribute_not_exists(pk)' } }, taken);
}

function stageUser(work: UnitOfWork, user: User, changes: Parameters<typeof userUpdate>[2]): User {
  const { user: next, update, counters } = userUpdate(work.db, user, changes);
  work.stage(update, () => new ConflictError(ACCOUNT_CHANGED));
  counters.forEach((item) => work.stage(item));
  return next;
}

/** Stages the move of the user's e-mail claim to `newEmail`, now confirmed; a claimed address makes the commit throw `taken()`. */
export function stageEmailMove(work: UnitOfWork, user: User, newEmail: string, taken: () => Error): User {
  stageClaimMove(work, user, emailKey(user.email), emailKey(newEmail), taken);
  return stageUser(work, user, { email: newEmail.toLowerCase(), emailVerified: true });
}

/**
 * Stages the move to a new number proven by the code whose hash is `codeHash` (checkPhoneChangeCode):
 * the code is used up (a racing use makes the commit throw `codeGone()`), an unproven old number
 * held no claim to delete, and a number someone else proved first throws `taken()`.
 */
export function stagePhoneMove(work: UnitOfWork, user: User, newPhone: string, codeHash: string, errors: { codeGone: () => Error; taken: () => Error }): User {
  const useCode = {
    ConditionExpression: 'codeHash = :hash AND guesses < :max AND phone = :phone',
    ExpressionAttributeValues: { ':hash': codeHash, ':max': MAX_CODE_GUESSES, ':phone': newPhone },
  };
  work.stage({ Delete: { TableName: work.db.tables.users, Key: phoneCodeKey(user.id), ...useCode } }, errors.codeGone);
  stageClaimMove(work, user, isPhoneVerified(user) ? phoneKey(user.phone) : undefined, phoneKey(newPhone), errors.taken);
  return stageUser(work, user, { phone: newPhone, phoneVerified: true });
}
