/**
 * The daily purge: deleted files whose undo days are over lose their object, then their item is
 * marked purged (out of every index). One Query on the sparse `purgeDue` index, never a Scan. The
 * object goes first: a run that stops half-way leaves the file due, and the next run finishes it.
 */
import type { Deps } from '../../deps';
import { deleteObject } from './objects';
import { listFilesDueForPurge, saveFile } from './repository';

const BATCH = 100;

/** Purges every file due by `now`; returns how many. */
export async function purgeDeletedFiles(ctx: Pick<Deps, 'db' | 'storage' | 'logger'>, now = new Date()): Promise<{ purged: number }> {
  let purged = 0;
  for (;;) {
    const due = await listFilesDueForPurge(ctx.db, now.toISOString(), BATCH);
    for (const file of due) {
      await deleteObject(ctx, file);
      await saveFile(ctx.db, file, { ...file, purgedAt: now.toISOString(), reading: undefined });
      purged += 1;
    }
    if (due.length < BATCH) break;
  }
  ctx.logger.info({ purged }, 'vault files purged');
  return { purged };
}
