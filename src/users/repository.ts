/** DynamoDB access for accounts: users, e-mail/phone claims, one-time tokens, revoked sessions. */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';
import { ConflictError } from '../platform/http/errors';
import {
  doctorStatusIndexKey,
  emailKey,
  phoneKey,
  revokedSessionKey,
  roleIndexKey,
  specialtyIndexKey,
  userIndexAttributes,
  userKey,
} from './keys';
import type { DoctorApproval, NewUser, Role, User } from './types';

export class DuplicateAccountError extends ConflictError {
  constructor(readonly field: 'email' | 'phone') {
    super(`An account with this ${field === 'email' ? 'e-mail' : 'phone number'} already exists.`);
  }
}

const USER_FIELDS = [
  'id', 'role', 'status', 'firstName', 'lastName', 'email', 'phone', 'passwordHash', 'emailVerified',
  'dateOfBirth', 'gender', 'bloodGroup', 'doctor', 'sessionEpoch', 'version', 'createdAt',
] as const;

function toUser(item: Record<string, unknown> | undefined): User | undefined {
  if (!item) return undefined;
  const user: Record<string, unknown> = {};
  for (const field of USER_FIELDS) if (item[field] !== undefined) user[field] = item[field];
  return user as unknown as User;
}

function toItem(db: Db, user: User) {
  return { TableName: db.tables.users, Item: { ...userKey(user.id), ...userIndexAttributes(user), ...user } };
}

/**
 * Creates the user together with its e-mail and phone claims in one transaction, so two
 * registrations racing for one address can never both succeed.
 */
export async function createUser(db: Db, input: NewUser, now = new Date()): Promise<User> {
  const user: User = { ...input, status: 'active', sessionEpoch: 1, version: 1, createdAt: now.toISOString() };
  const claim = (key: object) => ({
    Put: {
      TableName: db.tables.users,
      Item: { ...key, userId: user.id },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { ...toItem(db, user), ConditionExpression: 'attribute_not_exists(pk)' } },
          claim(emailKey(user.email)),
          claim(phoneKey(user.phone)),
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    throw new DuplicateAccountError(reasons[2]?.Code === 'ConditionalCheckFailed' && reasons[1]?.Code !== 'ConditionalCheckFailed' ? 'phone' : 'email');
  }
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

/**
 * Writes a changed user if nobody else changed it since it was read (optimistic locking on
 * `version`); index attributes are recomputed so lists follow status and approval changes.
 */
export async function saveUser(db: Db, user: User): Promise<User> {
  const next = { ...user, version: user.version + 1 };
  try {
    await db.doc.send(
      new PutCommand({
        ...toItem(db, next),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': user.version },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError('This account was changed by someone else. Reload and try again.');
    throw error;
  }
  return next;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

async function queryUsers(db: Db, index: string, keyName: string, keyValue: string, cursor?: string, limit = 50): Promise<Page<User>> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.users,
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': keyName },
      ExpressionAttributeValues: { ':v': keyValue },
      Limit: limit,
      ExclusiveStartKey: cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString()) : undefined,
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => toUser(item)!),
    cursor: result.LastEvaluatedKey ? Buffer.from(JSON.stringify(result.LastEvaluatedKey)).toString('base64url') : undefined,
  };
}

/** Every item of a paged user list, following the cursor to the end. */
export async function allPages(fetch: (cursor?: string) => Promise<Page<User>>): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    users.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return users;
}

/** Users of one role, alphabetical by last name. */
export const listUsersByRole = (db: Db, role: Role, cursor?: string) =>
  queryUsers(db, 'byRole', 'gsi1pk', roleIndexKey(role), cursor);

/** Doctors in one approval state, oldest registration first. */
export const listDoctorsByApproval = (db: Db, approval: DoctorApproval, cursor?: string) =>
  queryUsers(db, 'byDoctorStatus', 'gsi2pk', doctorStatusIndexKey(approval), cursor);

/** Approved, active doctors of a specialty, alphabetical. */
export const listBookableDoctorsBySpecialty = (db: Db, specialty: string, cursor?: string) =>
  queryUsers(db, 'bySpecialty', 'gsi3pk', specialtyIndexKey(specialty), cursor, 100);

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
