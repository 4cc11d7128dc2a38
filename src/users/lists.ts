/** Paged lists of users, each a Query on one of the users table's indexes. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { doctorStatusIndexKey, roleIndexKey, specialtyIndexKey } from './keys';
import { toUser } from './repository';
import type { DoctorApproval, Role, User } from './types';

export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** `cursor` comes from a URL: sealed (platform/db/cursor.ts), bound to this index and key; a bad one is a 400. */
async function queryUsers(db: Db, index: string, keyName: string, keyValue: string, cursor?: string, limit = 50): Promise<Page<User>> {
  const list = `users/${index}/${keyValue}`;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.users,
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': keyName },
      ExpressionAttributeValues: { ':v': keyValue },
      Limit: limit,
      ExclusiveStartKey: cursor ? db.cursors.open(cursor, list) : undefined,
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => toUser(item)!),
    cursor: result.LastEvaluatedKey ? db.cursors.seal(result.LastEvaluatedKey, list) : undefined,
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

/** Whether a specialty has at least one approved, active doctor: one item read from its index. */
export async function hasBookableDoctor(db: Db, specialty: string): Promise<boolean> {
  const page = await queryUsers(db, 'bySpecialty', 'gsi3pk', specialtyIndexKey(specialty), undefined, 1);
  return page.items.length > 0;
}
