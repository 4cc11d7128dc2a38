/**
 * Deleting an archived visit: the appointments repository replaces it with its stand-in in one
 * transaction, only if it is still the copy that was archived, freeing its lock items. A visit
 * edited after the copy fails the condition and stays.
 */
import { replaceWithStandIn, type Appointment } from '../appointments';
import type { Db } from '../platform/db/client';

/** 'changed' when the appointment is no longer the archived copy (or already gone). */
export async function removeArchived(db: Db, archived: Appointment, partKey: string): Promise<'removed' | 'changed'> {
  return (await replaceWithStandIn(db, archived, partKey)) ? 'removed' : 'changed';
}
