/**
 * Finding users by a prefix of their e-mail, mobile number or name (search-keys.ts): Queries with
 * begins_with on the search indexes, paged with sealed cursors. A role filter is a FilterExpression:
 * it costs the reads of the other roles' matches, so a page reads a bounded number of times and may
 * come back short with a cursor for more.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import type { Page } from './lists';
import { toUser } from './repository';
import { SEARCH_INDEXES, normaliseSearchText, phoneSearchPrefix, searchPartition, type SearchKind } from './search-keys';
import type { Role, User } from './types';

export interface UserSearch {
  kind: SearchKind;
  /** As typed; normalised here the way the keys were. */
  text: string;
  role?: Role;
  /** For a local phone number typed without its country code. */
  defaultCountry: string;
}

const PAGE_SIZE = 25;
/** Reads one page may make when a role filter skips matches. */
const MAX_READS = 4;

type SearchStep = (typeof SEARCH_INDEXES)[SearchKind][number];

interface Position {
  /** Which of the kind's indexes the next read is on (names: first name, then surname). */
  step: number;
  key?: Record<string, unknown>;
}

/** The stored form of what was typed; empty when nothing searchable is left. */
export function searchPrefix(search: Pick<UserSearch, 'kind' | 'text' | 'defaultCountry'>): string {
  return search.kind === 'phone' ? phoneSearchPrefix(search.text, search.defaultCountry) : normaliseSearchText(search.text);
}

/** One page of the users whose e-mail, number or name starts with the text, in the index's order. */
export async function searchUsers(db: Db, search: UserSearch, cursor?: string, pageSize = PAGE_SIZE): Promise<Page<User>> {
  const prefix = searchPrefix(search);
  if (!prefix) return { items: [] };
  const steps: readonly SearchStep[] = SEARCH_INDEXES[search.kind];
  const list = `users/search/${search.kind}/${search.role ?? 'all'}/${prefix}`;
  let position: Position | undefined = cursor ? (db.cursors.open(cursor, list) as unknown as Position) : { step: 0 };
  const items: User[] = [];
  for (let reads = 0; position && items.length < pageSize && reads < MAX_READS; reads += 1) {
    const step: SearchStep | undefined = steps[position.step];
    if (!step) throw new Error('search cursor names no index');
    const result: QueryCommandOutput = await db.doc.send(new QueryCommand({ TableName: db.tables.users, IndexName: step.index, Limit: pageSize - items.length, ExclusiveStartKey: position.key, ...filterOf(step, prefix, search.role, position.step > 0) }));
    items.push(...(result.Items ?? []).map((item) => toUser(item)!));
    if (result.LastEvaluatedKey) position = { step: position.step, key: result.LastEvaluatedKey };
    else position = position.step + 1 < steps.length ? { step: position.step + 1 } : undefined;
  }
  return { items, cursor: position ? db.cursors.seal(position as unknown as Record<string, unknown>, list) : undefined };
}

/** The key condition, and the filters: the role, and for surnames those already found by first name. */
function filterOf(step: SearchStep, prefix: string, role: Role | undefined, afterFirst: boolean) {
  const names: Record<string, string> = { '#pk': step.pk, '#sk': step.sk };
  const values: Record<string, unknown> = { ':pk': searchPartition(step.part, prefix), ':prefix': prefix };
  const filters: string[] = [];
  if (role) {
    names['#role'] = 'role';
    values[':role'] = role;
    filters.push('#role = :role');
  }
  if (afterFirst) {
    names['#first'] = SEARCH_INDEXES.name[0].sk;
    filters.push('NOT begins_with(#first, :prefix)');
  }
  return {
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    FilterExpression: filters.length ? filters.join(' AND ') : undefined,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
