/** DynamoDB access for accounts: users, e-mail/phone claims, one-time tokens, revoked sessions. */
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { withConflict } from '../platform/db/errors';
import { UnitOfWork, type TransactItem } from '../platform/db/unit-of-work';
import { ConflictError } from '../platform/http/errors';
import { bookableCountChanges } from './bookable';
import { emailKey, phoneKey, revokedSessionKey, userIndexAttributes, userKey } from './keys';
import { isPhoneVerified, type NewUser, type User } from './types';

/** What a stale version guard means to the person saving. */
export const ACCOUNT_CHANGED = 'This account was changed by someone else. Reload and try again.';

export class DuplicateAccountError extends ConflictError {
  constructor(readonly field: 'email' | 'phone') {
    super(`An account with this ${field === 'email' ? 'e-mail' : 'phone number'} already exists.`);
  }
}

const USER_FIELDS = [
  'id', 'role', 'status', 'firstName', 'lastName', 'email', 'phone', 'phoneVerified', 'passwordHash', 'emailVerified',
  'dateOfBirth', 'gender', 'bloodGroup', 'doctor', 'smsNotifications', 'sessionEpoch', 'version', 'createdAt',
  'address', 'health', 'emergencyContact', 'mfaEnabledAt',
] as const;

/** The user of a stored item, without its keys and index attributes. */
export function toUser(item: Record<string, unknown> | undefined): User | undefined {
  if (!item) return undefined;
  const user: Record<string, unknown> = {};
  for (const field of USER_FIELDS) if (item[field] !== undefined) user[field] = item[field];
  return user as unknown as User;
}

function toItem(db: Db, user: User) {
  return { TableName: db.tables.users, Item: { ...userKey(user.id), ...userIndexAttributes(user), ...user } };
}

/**
 * Stages the user with its e-mail claim, and its phone claim when the number is already proven
 * (seeded and created accounts; a registration proves it later), so two accounts racing for one
 * address can never both succeed: the commit then throws DuplicateAccountError.
 */
export function stageNewUser(work: UnitOfWork, input: NewUser, now = new Date()): User {
  const user: User = { ...input, status: 'active', sessionEpoch: 1, version: 1, createdAt: now.toISOString() };
  const claim = (key: object, field: 'email' | 'phone') =>
    work.stage(
      { Put: { TableName: work.db.tables.users, Item: { ...key, userId: user.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
      () => new DuplicateAccountError(field),
    );
  work.stage({ Put: { ...toItem(work.db, user), ConditionExpression: 'attribute_not_exists(pk)' } });
  bookableCountChanges(work.db, undefined, user).forEach((item) => work.stage(item));
  claim(emailKey(user.email), 'email');
  if (isPhoneVerified(user)) claim(phoneKey(user.phone), 'phone');
  return user;
}

/** Creates the user with its claims (see stageNewUser); a taken e-mail or phone throws DuplicateAccountError. */
export async function createUser(db: Db, input: NewUser, now = new Date()): Promise<User> {
  const work = new UnitOfWork(db);
  const user = stageNewUser(work, input, now);
  await work.commit();
  return user;
}

export async function getUserById(db: Db, id: string): Promise<User | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.users, Key: userKey(id), ConsistentRead: true }));
  return toUser(result.Item);
}

async function getUserByClaim(db: Db, key: { pk: string; sk: string }): Promise<User | undefined> {
  const claim = await db.doc.send(new GetCommand({ TableName: db.tables.users, Key: key, ConsistentRead: true }));
  return claim.Item ? getUserById(db, claim.Item.userId as string) : undefined;
}

export const getUserByEmail = (db: Db, email: string) => getUserByClaim(db, emailKey(email));
export const getUserByPhone = (db: Db, phone: string) => getUserByClaim(db, phoneKey(phone));

/** What a partial save of a user may change; contact claims (e-mail, phone) and keys never change this way. */
export type UserChanges = Partial<Pick<User, 'status' | 'emailVerified' | 'passwordHash' | 'sessionEpoch' | 'doctor' | 'smsNotifications' | 'phoneVerified' | 'mfaEnabledAt'>> &
  Partial<Pick<User, 'firstName' | 'lastName' | 'dateOfBirth' | 'gender' | 'bloodGroup' | 'address' | 'health' | 'emergencyContact'>>;

/** Also the claimed fields: only contact.ts moves them, with their claims, in one transaction. */
export type ClaimedChanges = UserChanges & Partial<Pick<User, 'email' | 'phone'>>;

/**
 * The Update that changes only these fields of the user, if nobody changed the user since it was
 * read: the guard is the `version` of `user` as this process read it, never a version a client
 * sent. A stale request therefore cannot write back fields it did not mean to change (an old
 * password hash, sessionEpoch or status). Index attributes follow status and approval.
 */
export function userUpdate(db: Db, user: User, changes: ClaimedChanges): { user: User; update: TransactItem; counters: TransactItem[] } {
  const next: User = { ...user, ...changes, version: user.version + 1 };
  const fields: Record<string, unknown> = { ...changes, ...userIndexAttributes(next), version: next.version };
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':read': user.version };
  const set: string[] = [];
  const remove: string[] = [];
  Object.entries(fields).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    if (value === undefined) {
      remove.push(`#f${i}`);
    } else {
      values[`:v${i}`] = value;
      set.push(`#f${i} = :v${i}`);
    }
  });
  const update = {
    TableName: db.tables.users,
    Key: userKey(user.id),
    UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ConditionExpression: '#version = :read',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
  return { user: next, update: { Update: update }, counters: bookableCountChanges(db, user, next) };
}

/** Stages a change of some fields of a user (see userUpdate); a change made since it was read makes the commit throw ConflictError. */
export function stageUserChange(work: UnitOfWork, user: User, changes: UserChanges): User {
  const { user: next, update, counters } = userUpdate(work.db, user, changes);
  work.stage(update, () => new ConflictError(ACCOUNT_CHANGED));
  counters.forEach((item) => work.stage(item));
  return next;
}

/** Changes some fields of a user on its own (see userUpdate); a change made since it was read throws ConflictError. */
export async function updateUser(db: Db, user: User, changes: UserChanges): Promise<User> {
  const { user: next, update, counters } = userUpdate(db, user, changes);
  if (!counters.length) {
    await withConflict(ACCOUNT_CHANGED, () => db.doc.send(new UpdateCommand(update.Update!)));
    return next;
  }
  // The doctor becomes bookable or stops being: the specialty's count changes with the user.
  const work = new UnitOfWork(db);
  stageUserChange(work, user, changes);
  await work.commit();
  return next;
}

/** Marks a session id as logged out, so a late write by an in-flight request cannot revive it. */
export async function revokeSession(db: Db, sidHash: string, ttlSeconds: number): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tables.users,
      Item: { ...revokedSessionKey(sidHash), expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds },
    }),
  );
}

/** The signed-in user and whether this session id was logged out, in one round trip. */
export async function getSessionUser(db: Db, userId: string, sidHash: string): Promise<{ user?: User; revoked: boolean }> {
  const keys = [userKey(userId), revokedSessionKey(sidHash)];
  const result = await db.doc.send(
    new BatchGetCommand({ RequestItems: { [db.tables.users]: { Keys: keys, ConsistentRead: true } } }),
  );
  const items = result.Responses?.[db.tables.users] ?? [];
  const unprocessed = result.UnprocessedKeys?.[db.tables.users]?.Keys?.length ?? 0;
  if (unprocessed) {
    // A throttled batch may leave either key unread: read both again, never assume "not revoked".
    const [user, tombstone] = await Promise.all([
      getUserById(db, userId),
      db.doc.send(new GetCommand({ TableName: db.tables.users, Key: keys[1], ConsistentRead: true })),
    ]);
    return { user, revoked: Boolean(tombstone.Item) };
  }
  return {
    user: toUser(items.find((item) => item.pk === keys[0].pk)),
    revoked: items.some((item) => item.pk === keys[1].pk),
  };
}
