/**
 * One-time codes that prove a mobile number. One live code per user (a new one replaces it), kept
 * as a hash with its number, an expiry and a count of wrong guesses. The right code claims the
 * number for the account in one transaction: the code is used up, the number's uniqueness claim
 * is made, and the user is marked verified, or none of it happens.
 */
import { createHash, randomInt } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { failedConditions, ifConditionFails, isConditionFailure } from '../platform/db/errors';
import { phoneCodeKey, phoneKey } from './keys';
import type { UnitOfWork } from '../platform/db/unit-of-work';
import { userUpdate } from './repository';
import type { User } from './types';

/** Wrong guesses after which a code is dead: 5 guesses at a 6-digit code succeed 1 time in 200,000. */
export const MAX_CODE_GUESSES = 5;

export type PhoneCodeCheck = { result: 'verified'; user: User } | { result: 'wrong'; guessesLeft: number } | { result: 'expired' } | { result: 'taken' };

/** A code for a new number: 'right' names the number and the code's hash, for stagePhoneMove (contact.ts). */
export type PhoneChangeCheck = { result: 'right'; phone: string; codeHash: string } | { result: 'wrong'; guessesLeft: number } | { result: 'expired' };

/** 'verify' proves the account's own number; 'change' a new number that replaces it once proven. */
export type PhoneCodePurpose = 'verify' | 'change';

const codeHash = (userId: string, code: string) => createHash('sha256').update(`${userId}:${code}`).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Stages a new 6-digit code for `phone` (the user's number, or for 'change' the new one), storing
 * only its hash, and returns the code (commit it with the SMS). It replaces any live code.
 */
export function stagePhoneCode(work: UnitOfWork, user: Pick<User, 'id' | 'phone'>, ttlSeconds: number, purpose: PhoneCodePurpose = 'verify'): string {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const item = { ...phoneCodeKey(user.id), codeHash: codeHash(user.id, code), phone: user.phone, purpose, guesses: 0, expiresAt: nowSeconds() + ttlSeconds };
  work.stage({ Put: { TableName: work.db.tables.users, Item: item } });
  return code;
}

/** Checks a code typed by the user; a right one verifies the number (see the file's comment). */
export async function checkPhoneCode(db: Db, user: User, code: string): Promise<PhoneCodeCheck> {
  const key = phoneCodeKey(user.id);
  const { Item: stored } = await db.doc.send(new GetCommand({ TableName: db.tables.users, Key: key, ConsistentRead: true }));
  const live = stored && stored.purpose !== 'change' && stored.phone === user.phone && stored.expiresAt > nowSeconds() && stored.guesses < MAX_CODE_GUESSES;
  if (!live) return { result: 'expired' };
  if (stored.codeHash !== codeHash(user.id, code)) return countWrongGuess(db, key, stored.codeHash as string);
  return claimNumber(db, user, stored.codeHash as string);
}

/** Checks a code sent to a new number; a wrong guess counts as for checkPhoneCode. Nothing moves yet. */
export async function checkPhoneChangeCode(db: Db, user: User, code: string): Promise<PhoneChangeCheck> {
  const key = phoneCodeKey(user.id);
  const { Item: stored } = await db.doc.send(new GetCommand({ TableName: db.tables.users, Key: key, ConsistentRead: true }));
  const live = stored && stored.purpose === 'change' && stored.phone !== user.phone && stored.expiresAt > nowSeconds() && stored.guesses < MAX_CODE_GUESSES;
  if (!live) return { result: 'expired' };
  if (stored.codeHash !== codeHash(user.id, code)) return countWrongGuess(db, key, stored.codeHash as string);
  return { result: 'right', phone: stored.phone as string, codeHash: stored.codeHash as string };
}

/** A wrong guess uses up one of the code's guesses; guesses racing past the last one find it dead. */
type WrongGuess = { result: 'wrong'; guessesLeft: number } | { result: 'expired' };

async function countWrongGuess(db: Db, key: object, hash: string): Promise<WrongGuess> {
  return ifConditionFails(async () => {
    const result = await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.users,
        Key: key,
        UpdateExpression: 'ADD guesses :one',
        ConditionExpression: 'codeHash = :hash AND guesses < :max',
        ExpressionAttributeValues: { ':one': 1, ':hash': hash, ':max': MAX_CODE_GUESSES },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const guessesLeft = MAX_CODE_GUESSES - (result.Attributes!.guesses as number);
    return guessesLeft > 0 ? { result: 'wrong', guessesLeft } : { result: 'expired' };
  }, { result: 'expired' });
}

async function claimNumber(db: Db, user: User, hash: string): Promise<PhoneCodeCheck> {
  const { user: verified, update, counters } = userUpdate(db, user, { phoneVerified: true });
  const useCode = {
    Delete: {
      TableName: db.tables.users,
      Key: phoneCodeKey(user.id),
      ConditionExpression: 'codeHash = :hash AND guesses < :max',
      ExpressionAttributeValues: { ':hash': hash, ':max': MAX_CODE_GUESSES },
    },
  };
  const claim = { Put: { TableName: db.tables.users, Item: { ...phoneKey(user.phone), userId: user.id }, ConditionExpression: 'attribute_not_exists(pk)' } };
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: [useCode, claim, update, ...counters] }));
    return { result: 'verified', user: verified };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const [codeGone, numberTaken] = failedConditions(error);
    // The code used by a racing request, or the account changed meanwhile: ask for a new code.
    return numberTaken && !codeGone ? { result: 'taken' } : { result: 'expired' };
  }
}
