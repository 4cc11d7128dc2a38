/**
 * How many approved, active doctors each specialty has: one counter item per specialty
 * (BOOKABLE#<slug>), changed with ADD in the same transaction as every user write that makes a
 * doctor bookable or not (creation, approval, (de)activation). A retirement of the specialty checks
 * it in its own transaction, so "retired" and "has an active doctor" can never both commit: unlike
 * the bySpecialty index, the counter is never behind.
 */
import type { Db } from '../platform/db/client';
import type { TransactItem, UnitOfWork } from '../platform/db/unit-of-work';
import { bookableCountKey } from './keys';
import type { User } from './types';

/** The specialty a user counts in: only an approved doctor whose account is active. */
export function bookableSpecialty(user: User | undefined): string | undefined {
  return user?.role === 'doctor' && user.status === 'active' && user.doctor?.approval === 'approved' ? user.doctor.specialty : undefined;
}

const add = (db: Db, specialty: string, delta: number): TransactItem => ({
  Update: { TableName: db.tables.users, Key: bookableCountKey(specialty), UpdateExpression: 'ADD active :delta', ExpressionAttributeValues: { ':delta': delta } },
});

/** The counter changes a write from `before` to `after` makes (none if the user's bookable specialty stays the same). */
export function bookableCountChanges(db: Db, before: User | undefined, after: User): TransactItem[] {
  const was = bookableSpecialty(before);
  const now = bookableSpecialty(after);
  if (was === now) return [];
  return [...(was ? [add(db, was, -1)] : []), ...(now ? [add(db, now, 1)] : [])];
}

/** Stages the condition that no approved, active doctor practises the specialty; `error` if one does when the work commits. */
export function stageNoBookableDoctor(work: UnitOfWork, specialty: string, error: () => Error): void {
  work.stage(
    {
      ConditionCheck: {
        TableName: work.db.tables.users,
        Key: bookableCountKey(specialty),
        ConditionExpression: 'attribute_not_exists(active) OR active <= :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      },
    },
    error,
  );
}
