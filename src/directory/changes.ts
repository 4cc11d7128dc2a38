/**
 * Edits of hospitals and specialties, each guarded by the version it was read at (optimistic
 * locking): of two admins saving the same item, the second gets a ConflictError and reloads.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { withConflict } from '../platform/db/errors';
import type { UnitOfWork } from '../platform/db/unit-of-work';
import { ConflictError } from '../platform/http/errors';
import { hospitalKey, specialtyKey } from './keys';
import type { Hospital, Specialty } from './types';

export const CHANGED_MEANWHILE = 'Someone else changed this while you were editing. Reload the page to see their change, then make yours again.';

type Changes = Record<string, unknown>;

/** The Update that sets (or, for undefined, removes) the fields if the item is still at `readVersion`. */
function versionedUpdate(db: Db, key: { pk: string; sk: string }, readVersion: number, changes: Changes) {
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
  if (readVersion !== 0) values[':read'] = readVersion;
  return {
    TableName: db.tables.directory,
    Key: key,
    UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ConditionExpression: readVersion === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : 'attribute_exists(pk) AND #version = :read',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

async function updateVersioned(db: Db, key: { pk: string; sk: string }, readVersion: number, changes: Changes): Promise<number> {
  await withConflict(CHANGED_MEANWHILE, () => db.doc.send(new UpdateCommand(versionedUpdate(db, key, readVersion, changes))), 'form');
  return readVersion + 1;
}

export type HospitalChanges = Omit<Hospital, 'id' | 'version'>;

/** Saves an edit of the hospital made on the version the admin saw; returns the new version. */
export function updateHospital(db: Db, id: string, readVersion: number, changes: HospitalChanges): Promise<number> {
  return updateVersioned(db, hospitalKey(id), readVersion, { ...changes });
}

export type SpecialtyChanges = Partial<Pick<Specialty, 'name' | 'description' | 'retiredAt'>>;

/** Saves a change of the specialty (rename, restore) made on the version the admin saw; returns the new version. */
export function updateSpecialty(db: Db, slug: string, readVersion: number, changes: SpecialtyChanges): Promise<number> {
  return updateVersioned(db, specialtyKey(slug), readVersion, { ...changes });
}

/** Stages that change, for a transaction with other conditions (retiring); returns the new version. */
export function stageSpecialtyChange(work: UnitOfWork, slug: string, readVersion: number, changes: SpecialtyChanges): number {
  work.stage({ Update: versionedUpdate(work.db, specialtyKey(slug), readVersion, { ...changes }) }, () => new ConflictError(CHANGED_MEANWHILE, { form: CHANGED_MEANWHILE }));
  return readVersion + 1;
}

/**
 * A transaction item that holds only while the specialty is offered: staged with an approval or
 * reactivation of a doctor in it, so that none commits once it is retired.
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
