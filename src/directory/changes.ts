/**
 * Edits of hospitals and specialties, each guarded by the version it was read at (optimistic
 * locking): of two admins saving the same item, the second gets a ConflictError and reloads.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { withConflict } from '../platform/db/errors';
import { hospitalKey, specialtyKey } from './keys';
import type { Hospital, Specialty } from './types';

export const CHANGED_MEANWHILE = 'Someone else changed this while you were editing. Reload the page to see their change, then make yours again.';

type Changes = Record<string, unknown>;

/** Sets (or, for undefined, removes) the fields if the item is still at `readVersion`; returns the new version. */
async function updateVersioned(db: Db, key: { pk: string; sk: string }, readVersion: number, changes: Changes, message: string): Promise<number> {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':next': readVersion + 1 };
  const set = ['#version = :next'];
  const remove: string[] = [];
  Object.entries(changes).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    if (value === undefined) remove.push(`#f${i}`);
    else {
      values[`:v${i}`] = value;
      set.push(`#f${i} = :v${i}`);
    }
  });
  // Items never edited have no version: they count as version 0.
  const condition = readVersion === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : 'attribute_exists(pk) AND #version = :read';
  if (readVersion !== 0) values[':read'] = readVersion;
  await withConflict(message, () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tables.directory,
        Key: key,
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    ),
    'form',
  );
  return readVersion + 1;
}

export type HospitalChanges = Omit<Hospital, 'id' | 'version'>;

/** Saves an edit of the hospital made on the version the admin saw. */
export function updateHospital(db: Db, id: string, readVersion: number, changes: HospitalChanges): Promise<number> {
  return updateVersioned(db, hospitalKey(id), readVersion, { ...changes }, CHANGED_MEANWHILE);
}

export type SpecialtyChanges = Partial<Pick<Specialty, 'name' | 'description' | 'retiredAt'>>;

/** Saves a change of the specialty (rename, retire, restore) made on the version the admin saw. */
export function updateSpecialty(db: Db, slug: string, readVersion: number, changes: SpecialtyChanges): Promise<number> {
  return updateVersioned(db, specialtyKey(slug), readVersion, { ...changes }, CHANGED_MEANWHILE);
}

/**
 * A transaction item that holds only while the specialty is offered: staged with an approval or
 * reactivation of a doctor in it, so that none commits after a retirement has begun.
 */
export function specialtyOfferedCheck(db: Db, slug: string) {
  return {
    ConditionCheck: {
      TableName: db.tables.directory,
      Key: specialtyKey(slug),
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retiredAt)',
    },
  };
}
